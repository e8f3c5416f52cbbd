-- purpose: orders, revenue and average check of completed orders in several periods by the
--          customers of one segment (its members as of the analysis date)
-- params: $period_starts, $period_ends (date lists of equal length; the segment's conditions fill
--         {{where}} with their own bound values)
-- returns: period_start, period_end, orders, revenue, aov
-- fragments: where = core.segments.rules:WHERE_NAMES
with

periods as (
    select distinct
        unnest($period_starts::date[]) as period_start,
        unnest($period_ends::date[]) as period_end,
),

members as (
    select customer_id
    from segment_model
    where {{where}}
),

completed as (
    select customer_id, order_date, amount
    from completed_orders
    where customer_id in (select customer_id from members)
),

final as (
    select
        periods.period_start,
        periods.period_end,
        count(completed.amount) as orders,
        coalesce(sum(completed.amount), 0) as revenue,
        sum(completed.amount) / nullif(count(completed.amount), 0) as aov,
    from periods
    left join completed
        on completed.order_date between periods.period_start and periods.period_end
    group by all
    order by periods.period_start
)

select * from final
