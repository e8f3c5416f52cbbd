-- purpose: one customer's orders up to the analysis date, cancellations and returns included
--          (flagged by `completed`), newest first
-- params: $customer_id, $as_of
-- returns: order_id, order_date, amount, status, completed, channel, discount, category, manager
select order_id, order_date, amount, status, completed, channel, discount, category, manager,
from orders
where customer_id = $customer_id and order_date <= $as_of
order by order_date desc, order_id desc
