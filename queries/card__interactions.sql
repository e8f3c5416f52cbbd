-- purpose: one customer's interactions (calls, e-mails, support, complaints, reviews, surveys)
--          up to the analysis date, newest first
-- params: $customer_id, $as_of
-- returns: date, type, score, text, manager
select date, type, score, text, manager,
from interactions
where customer_id = $customer_id and date <= $as_of
order by date desc
