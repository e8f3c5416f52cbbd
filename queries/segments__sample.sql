-- purpose: a sample of a segment's customers for the screen: the biggest by revenue first
-- params: $limit (how many customers)
-- returns: every column of the customer model
select *
from customer_model
where {{where}}
order by revenue desc, customer_id
limit $limit
