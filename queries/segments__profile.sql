-- purpose: a segment's customers, revenue and orders by cell of segment_model (base type, recency bin
--          and revenue bin in one small integer, see derived__segment_model), in one scan; the builder
--          rolls the cells up into its totals, composition and distributions
-- params: none (the segment's conditions fill {{where}} with their own bound values)
-- returns: segment_cell, customers, revenue, orders
-- fragments: where = core.segments.rules:WHERE_NAMES
select
    segment_cell,
    count(*) as customers,
    coalesce(sum(revenue), 0) as revenue,
    cast(coalesce(sum(orders), 0) as bigint) as orders,
from segment_model
where {{where}}
group by segment_cell
