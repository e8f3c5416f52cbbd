-- purpose: the values of one categorical column of the customer model with their customers,
--          the most frequent first, for a multiselect
-- params: $limit (how many values)
-- returns: value, customers
-- identifiers: column = core.segments.results:VALUE_COLUMNS
select
    {{column}} as value,
    count(*) as customers,
from segment_model
where {{column}} is not null
group by all
order by customers desc, value
limit $limit
