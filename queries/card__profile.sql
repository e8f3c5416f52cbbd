-- purpose: one contact's row of the customer model as of the analysis date (the customer card)
-- params: $customer_id
-- returns: the columns of derived__customer_model
select *
from customer_model
where customer_id = $customer_id
