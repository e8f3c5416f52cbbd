-- purpose: average check by calendar month or ISO week (Monday first) of completed orders dated on
--          or before the analysis date
-- params: $as_of, $grain ('month' or 'week')
-- returns: period_start, orders, revenue, buyers, aov
with

completed as (
    select customer_id, order_date, amount
    from completed_orders
    where order_date <= $as_of
),

final as (
    select
        date_trunc($grain, order_date)::date as period_start,
        count(*) as orders,
        sum(amount) as revenue,
        count(distinct customer_id) as buyers,
        sum(amount) / count(*) as aov,
    from completed
    group by period_start
    order by period_start
)

select * from final
