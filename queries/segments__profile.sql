-- purpose: a segment's customers, buyers, revenue and orders by base type, recency bin and revenue bin,
--          in one scan of the customer model (the builder rolls it up into its totals, composition and
--          distributions). Recency bins: 0 never bought, then up to 30, 60, 90, 180, 365, 730 days, 7 over
--          730 days; revenue bins: 0 never bought, then under 1 000, 3 000, 10 000, 30 000, 100 000, 6 from
--          100 000 (lower ends included)
-- params: none (the segment's conditions fill {{where}} with their own bound values)
-- returns: base_type, recency_bin, revenue_bin, customers, buyers, revenue, orders
with

segment as (
    select
        base_type,
        revenue,
        orders,
        case
            when orders = 0 then 0
            when recency_days <= 30 then 1
            when recency_days <= 60 then 2
            when recency_days <= 90 then 3
            when recency_days <= 180 then 4
            when recency_days <= 365 then 5
            when recency_days <= 730 then 6
            else 7
        end as recency_bin,
        case
            when orders = 0 then 0
            when revenue < 1000 then 1
            when revenue < 3000 then 2
            when revenue < 10000 then 3
            when revenue < 30000 then 4
            when revenue < 100000 then 5
            else 6
        end as revenue_bin,
    from customer_model
    where {{where}}
),

final as (
    select
        base_type,
        recency_bin,
        revenue_bin,
        count(*) as customers,
        count(*) filter (where orders > 0) as buyers,
        coalesce(sum(revenue), 0) as revenue,
        cast(coalesce(sum(orders), 0) as bigint) as orders,
    from segment
    group by base_type, recency_bin, revenue_bin
)

select * from final
