-- purpose: the whole base the viewer sees, as the denominator of a segment's shares
-- params: none
-- returns: customers, revenue
select
    count(*) as customers,
    coalesce(sum(revenue), 0) as revenue,
from segment_model
