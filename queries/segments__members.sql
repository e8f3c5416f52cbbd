-- purpose: every customer of a segment, for downloads
-- params: none (the segment's conditions fill {{where}} with their own bound values)
-- returns: every column of the customer model, then p_alive, predicted_clv, expected_purchases, at_risk
-- fragments: where = core.segments.rules:WHERE_NAMES
select * exclude (segment_cell)
from segment_model
where {{where}}
order by customer_id
