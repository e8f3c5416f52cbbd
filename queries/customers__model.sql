-- purpose: every column of the customer model for the context's analysis date, thresholds and scope
-- params: none
-- returns: the columns of derived__customer_model
select *
from customer_model
order by customer_id
