-- purpose: a sample of a segment's customers for the screen: the biggest by revenue first
-- params: $limit (how many customers)
-- returns: every column of the customer model, then p_alive, predicted_clv, expected_purchases, at_risk
-- fragments: where = core.segments.rules:WHERE_NAMES
select * exclude (segment_cell)
from segment_model
where {{where}}
order by revenue desc, customer_id
limit $limit
