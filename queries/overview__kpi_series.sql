-- purpose: the executive overview's KPIs for the period [$start, $end] and the $periods - 1 periods
--          of the same length before it (k = 0 is the chosen period, k = 1 the previous one, ...),
--          by the metric definitions of issue 5 with the activity window W = $activity_window_days:
--          contacts at the period end, active customers (a completed order in the W days up to the
--          end), new customers (first completed order in the period), orders, revenue, average
--          check, repeat purchase rate, retention (crr, strict), LTV and its parts, spend and CAC
-- params: $start, $end, $periods, $activity_window_days
-- returns: k, period_start, period_end, customers, active, new_customers, buyers, orders, revenue,
--          aov, repeat_rate, crr, crr_s, crr_e, crr_retained, retention_strict, ltv, ltv_aov,
--          ltv_frequency, ltv_lifespan_years, marketing_spend, cac, has_spend
with

periods as (
    select
        k,
        cast($start - cast(k * span.days as integer) as date) as p_start,
        cast($end - cast(k * span.days as integer) as date) as p_end,
    from range(0, $periods) as steps(k)
    cross join (select date_diff('day', cast($start as date), cast($end as date)) + 1 as days) as span
),

completed as (
    select customer_id, order_id, order_date, amount
    from completed_orders
    where order_date <= $end
),

numbered as (
    select
        customer_id,
        order_date,
        row_number() over (partition by customer_id order by order_date, order_id) as n,
    from completed
),

firsts as (
    select
        customer_id,
        min(order_date) filter (where n = 1) as first_date,
        min(order_date) filter (where n = 2) as second_date,
    from numbered
    where n <= 2
    group by customer_id
),

profiles as (
    select customer_id, max(registered_at) as registered_at, true as has_profile,
    from customers
    group by customer_id
),

people as (
    select customer_id, coalesce(has_profile, false) as has_profile, registered_at, first_date, second_date,
    from profiles
    full join firsts using (customer_id)
),

base as (
    select
        periods.k,
        count(*) filter (where (people.has_profile and (people.registered_at is null
            or people.registered_at <= periods.p_end)) or people.first_date <= periods.p_end) as customers,
        count(*) filter (where people.first_date between periods.p_start and periods.p_end) as new_customers,
        count(*) filter (where people.first_date <= periods.p_end) as ever_bought,
        count(*) filter (where people.second_date <= periods.p_end) as bought_twice,
    from periods
    cross join people
    group by periods.k
),

in_period as (
    select
        periods.k,
        count(*) as orders,
        sum(completed.amount) as revenue,
        count(distinct completed.customer_id) as buyers,
    from periods
    join completed on completed.order_date between periods.p_start and periods.p_end
    group by periods.k
),

start_set as (
    -- S: a completed order in [start - W, start - 1]
    select distinct periods.k, completed.customer_id,
    from periods
    join completed
        on completed.order_date between periods.p_start - $activity_window_days and periods.p_start - 1
),

end_set as (
    -- E: a completed order in [end - W + 1, end]
    select distinct periods.k, periods.p_start, periods.p_end, completed.customer_id,
    from periods
    join completed
        on completed.order_date between periods.p_end - $activity_window_days + 1 and periods.p_end
),

retention as (
    select
        end_set.k,
        count(*) as crr_e,
        count(*) filter (where not coalesce(firsts.first_date between end_set.p_start and end_set.p_end, false))
            as crr_retained,
        count(start_set.customer_id) as strict_retained,
    from end_set
    left join firsts using (customer_id)
    left join start_set on start_set.k = end_set.k and start_set.customer_id = end_set.customer_id
    group by end_set.k
),

start_counts as (
    select k, count(*) as crr_s,
    from start_set
    group by k
),

year_orders as (
    -- the 365 days ending at the period end (B2 and the LTV's average check and frequency)
    select
        periods.k,
        count(*) as orders,
        sum(completed.amount) as revenue,
        count(distinct completed.customer_id) as customers,
    from periods
    join completed on completed.order_date between periods.p_end - 364 and periods.p_end
    group by periods.k
),

year_sets as (
    -- per customer: a completed order in B1 = [end - 729, end - 365], in B2 = [end - 364, end]
    select
        periods.k,
        completed.customer_id,
        bool_or(completed.order_date <= periods.p_end - 365) as in_b1,
        bool_or(completed.order_date > periods.p_end - 365) as in_b2,
    from periods
    join completed on completed.order_date between periods.p_end - 729 and periods.p_end
    group by periods.k, completed.customer_id
),

churn as (
    select k, count(*) filter (where in_b1) as b1, count(*) filter (where in_b1 and in_b2) as kept,
    from year_sets
    group by k
),

period_spend as (
    select periods.k, sum(spend.amount) as marketing_spend,
    from periods
    join spend on spend.date between periods.p_start and periods.p_end
    group by periods.k
),

joined as (
    select
        periods.k,
        periods.p_start as period_start,
        periods.p_end as period_end,
        coalesce(base.customers, 0) as customers,
        coalesce(retention.crr_e, 0) as active,
        coalesce(base.new_customers, 0) as new_customers,
        coalesce(in_period.buyers, 0) as buyers,
        coalesce(in_period.orders, 0) as orders,
        coalesce(in_period.revenue, 0) as revenue,
        in_period.revenue / nullif(in_period.orders, 0) as aov,
        100.0 * base.bought_twice / nullif(base.ever_bought, 0) as repeat_rate,
        coalesce(start_counts.crr_s, 0) as crr_s,
        coalesce(retention.crr_e, 0) as crr_e,
        coalesce(retention.crr_retained, 0) as crr_retained,
        100.0 * retention.crr_retained / nullif(start_counts.crr_s, 0) as crr,
        100.0 * retention.strict_retained / nullif(start_counts.crr_s, 0) as retention_strict,
        year_orders.revenue / nullif(year_orders.orders, 0) as ltv_aov,
        year_orders.orders / nullif(year_orders.customers, 0) as ltv_frequency,
        case
            when coalesce(churn.b1, 0) = 0 or churn.kept = churn.b1 then 10.0
            else least(10.0, 1.0 / (1.0 - churn.kept / churn.b1))
        end as ltv_lifespan_years,
        period_spend.marketing_spend,
        (select count(*) from spend) > 0 as has_spend,
    from periods
    left join base using (k)
    left join in_period using (k)
    left join start_counts using (k)
    left join retention using (k)
    left join year_orders using (k)
    left join churn using (k)
    left join period_spend using (k)
),

final as (
    select
        k, period_start, period_end, customers, active, new_customers, buyers, orders, revenue, aov,
        repeat_rate, crr, crr_s, crr_e, crr_retained, retention_strict,
        ltv_aov * ltv_frequency * ltv_lifespan_years as ltv,
        ltv_aov, ltv_frequency, ltv_lifespan_years,
        case when has_spend then coalesce(marketing_spend, 0) end as marketing_spend,
        case when has_spend then coalesce(marketing_spend, 0) / nullif(new_customers, 0) end as cac,
        has_spend,
    from joined
)

select * from final order by k
