-- purpose: a segment's customers and revenue by base type
-- params: none (the segment's conditions fill {{where}} with their own bound values)
-- returns: base_type, customers, revenue
with

segment as (
    select base_type, revenue
    from customer_model
    where {{where}}
),

final as (
    select
        base_type,
        count(*) as customers,
        coalesce(sum(revenue), 0) as revenue,
    from segment
    group by base_type
)

select * from final
order by customers desc, base_type
