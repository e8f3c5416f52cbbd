-- purpose: the top-level categories customers bought (up to the analysis date) with their buyers, the most
--          bought first, for the category of a segment condition (customer_categories)
-- params: $limit (how many categories)
-- returns: value, customers
select
    category as value,
    count(*) as customers,
from customer_categories
group by all
order by customers desc, value
limit $limit
