-- purpose: the cities with most customers in a segment (customers without a city are left out)
-- params: $limit (how many cities)
-- returns: city, customers, revenue, share (of the segment's customers with a city)
-- fragments: where = core.segments.rules:WHERE_NAMES
with

segment as (
    select city, revenue
    from segment_model
    where {{where}} and city is not null
),

by_city as (
    select
        city,
        count(*) as customers,
        coalesce(sum(revenue), 0) as revenue,
    from segment
    group by city
),

final as (
    select
        city,
        customers,
        revenue,
        customers / sum(customers) over () as share,
    from by_city
)

select * from final
order by customers desc, city
limit $limit
