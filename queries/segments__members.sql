-- purpose: every customer of a segment, for downloads
-- params: none (the segment's conditions fill {{where}} with their own bound values)
-- returns: every column of the customer model
select *
from customer_model
where {{where}}
order by customer_id
