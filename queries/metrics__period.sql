-- purpose: the period metrics (orders, revenue, buyers, new customers, repeat rate, CRR with S/E/N,
--          strict retention, marketing spend and CAC) for several periods at once;
--          definitions in core/metrics/__init__.py; completed orders only, both period ends included
-- params: $period_starts, $period_ends (date lists of equal length), $activity_window_days
-- returns: period_start, period_end, orders, revenue, buyers, aov, new_customers, ever_customers,
--          repeat_customers, repeat_rate, crr_s, crr_e, crr_n, crr_retained, crr, crr_s_and_e,
--          retention_strict, spend_rows, marketing_spend, cac
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

firsts as (
    select customer_id, first_order_date, second_order_date
    from customer_acquisition
),

spend_dated as (
    select date, amount
    from spend
),

sales as (
    select
        periods.period_start,
        periods.period_end,
        count(completed.customer_id) as orders,
        coalesce(sum(completed.amount), 0) as revenue,
        count(distinct completed.customer_id) as buyers,
    from periods
    left join completed
        on completed.order_date between periods.period_start and periods.period_end
    group by all
),

customer_counts as (
    select
        periods.period_start,
        periods.period_end,
        count(*) filter (where firsts.first_order_date between periods.period_start and periods.period_end)
            as new_customers,
        count(*) filter (where firsts.first_order_date <= periods.period_end) as ever_customers,
        count(*) filter (where firsts.second_order_date <= periods.period_end) as repeat_customers,
    from periods
    cross join firsts
    group by all
),

window_activity as (
    select
        periods.period_start,
        periods.period_end,
        completed.customer_id,
        bool_or(completed.order_date <= periods.period_start - 1) as in_s,
        bool_or(completed.order_date >= periods.period_end - $activity_window_days::integer + 1) as in_e,
    from periods
    inner join completed
        on completed.order_date between periods.period_start - $activity_window_days::integer
        and periods.period_end
    group by all
),

retention as (
    select
        window_activity.period_start,
        window_activity.period_end,
        count(*) filter (where in_s) as crr_s,
        count(*) filter (where in_e) as crr_e,
        count(*) filter (
            where in_e
            and not firsts.first_order_date between window_activity.period_start and window_activity.period_end
        ) as crr_retained,
        count(*) filter (where in_s and in_e) as crr_s_and_e,
    from window_activity
    inner join firsts using (customer_id)
    group by all
),

period_spend as (
    select
        periods.period_start,
        periods.period_end,
        count(spend_dated.date) as spend_rows,
        sum(spend_dated.amount) as marketing_spend,
    from periods
    left join spend_dated
        on spend_dated.date between periods.period_start and periods.period_end
    group by all
),

joined as (
    select
        periods.period_start,
        periods.period_end,
        sales.orders,
        sales.revenue,
        sales.buyers,
        coalesce(customer_counts.new_customers, 0) as new_customers,
        coalesce(customer_counts.ever_customers, 0) as ever_customers,
        coalesce(customer_counts.repeat_customers, 0) as repeat_customers,
        coalesce(retention.crr_s, 0) as crr_s,
        coalesce(retention.crr_e, 0) as crr_e,
        coalesce(retention.crr_retained, 0) as crr_retained,
        coalesce(retention.crr_s_and_e, 0) as crr_s_and_e,
        period_spend.spend_rows,
        case when period_spend.spend_rows > 0 then period_spend.marketing_spend end as marketing_spend,
    from periods
    left join sales using (period_start, period_end)
    left join customer_counts using (period_start, period_end)
    left join retention using (period_start, period_end)
    left join period_spend using (period_start, period_end)
),

final as (
    select
        period_start,
        period_end,
        orders,
        revenue,
        buyers,
        revenue / nullif(orders, 0) as aov,
        new_customers,
        ever_customers,
        repeat_customers,
        100.0 * repeat_customers / nullif(ever_customers, 0) as repeat_rate,
        crr_s,
        crr_e,
        new_customers as crr_n,
        crr_retained,
        100.0 * crr_retained / nullif(crr_s, 0) as crr,
        crr_s_and_e,
        100.0 * crr_s_and_e / nullif(crr_s, 0) as retention_strict,
        spend_rows,
        marketing_spend,
        marketing_spend / nullif(new_customers, 0) as cac,
    from joined
    order by period_start, period_end
)

select * from final
