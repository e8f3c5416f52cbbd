-- purpose: every contact's base type as of the analysis date with what the migration table shows
-- params: none
-- returns: customer_id, name, email, phone, manager, base_type, orders, revenue, last_order_date
select
    customer_id, name, email, phone, manager, base_type, orders, revenue, last_order_date,
from customer_model
