-- purpose: a segment's size and money against the whole base: customers, buyers, revenue, orders,
--          their shares of the base, and the average check (revenue / orders)
-- params: none (the segment's conditions fill {{where}} with their own bound values)
-- returns: customers, buyers, revenue, orders, aov, base_customers, base_revenue, customer_share,
--          revenue_share
with

base as (
    select
        count(*) as base_customers,
        coalesce(sum(revenue), 0) as base_revenue,
    from customer_model
),

segment as (
    select
        count(*) as customers,
        count(*) filter (where orders > 0) as buyers,
        coalesce(sum(revenue), 0) as revenue,
        cast(coalesce(sum(orders), 0) as bigint) as orders,
    from customer_model
    where {{where}}
),

final as (
    select
        segment.customers,
        segment.buyers,
        segment.revenue,
        segment.orders,
        segment.revenue / nullif(segment.orders, 0) as aov,
        base.base_customers,
        base.base_revenue,
        segment.customers / nullif(base.base_customers, 0) as customer_share,
        segment.revenue / nullif(base.base_revenue, 0) as revenue_share,
    from segment
    cross join base
)

select * from final
