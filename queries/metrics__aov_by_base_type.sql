-- purpose: orders, revenue and average check of completed orders in several periods by the
--          customer's base type in the customer model (vip, active, working, inactive, ...)
-- params: $period_starts, $period_ends (date lists of equal length)
-- returns: period_start, period_end, value, orders, revenue, aov
with

periods as (
    select distinct
        unnest($period_starts::date[]) as period_start,
        unnest($period_ends::date[]) as period_end,
),

completed as (
    select customer_id, order_date, amount
    from completed_orders
),

types as (
    select customer_id, base_type
    from customer_model
),

final as (
    select
        periods.period_start,
        periods.period_end,
        types.base_type as value,
        count(*) as orders,
        sum(completed.amount) as revenue,
        sum(completed.amount) / count(*) as aov,
    from periods
    inner join completed
        on completed.order_date between periods.period_start and periods.period_end
    left join types using (customer_id)
    group by all
    order by periods.period_start, revenue desc
)

select * from final
