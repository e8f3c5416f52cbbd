-- purpose: average check by calendar month or ISO week (Monday first) of completed orders dated on
--          or before the analysis date
-- params: $as_of, $grain ('month' or 'week')
-- returns: period_start, orders, revenue, buyers, aov
with

completed as (
    -- the completed orders per customer and day (the step customer_days: orders counted, amounts summed),
    -- customers told apart by its integer key
    select customer_key, order_date, orders, revenue
    from customer_days
    where order_date <= $as_of
),

final as (
    select
        date_trunc($grain, order_date)::date as period_start,
        sum(orders)::bigint as orders,
        sum(revenue) as revenue,
        count(distinct customer_key) as buyers,
        sum(revenue) / sum(orders) as aov,
    from completed
    group by period_start
    order by period_start
)

select * from final
