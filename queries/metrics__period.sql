-- purpose: the period metrics (orders, revenue, buyers, new customers, the period's repeat purchase rate
--          and the cumulative one, CRR with S/E/N,
--          strict retention, marketing spend and CAC) for several periods at once;
--          definitions in core/metrics/__init__.py; completed orders only, both period ends included;
--          one pass over the orders for every period (queries/macros__date_segments.sql: at most 31)
-- params: $period_starts, $period_ends (date lists of equal length), $activity_window_days
-- returns: period_start, period_end, orders, revenue, buyers, aov, new_customers, ever_customers,
--          repeat_customers, repeat_rate_cumulative, repeat_buyers, repeat_rate, crr_s, crr_e, crr_n, crr_retained, crr, crr_s_and_e,
--          retention_strict, spend_rows, marketing_spend, cac
with

periods as (
    select distinct
        unnest($period_starts::date[]) as period_start,
        unnest($period_ends::date[]) as period_end,
),

completed as (
    -- the completed orders per customer and day (the step customer_days), grouped by its integer key
    select customer_key, customer_id, order_date, orders, revenue
    from customer_days
),

firsts as (
    select customer_id, first_order_date, second_order_date
    from customer_acquisition
),

spend_dated as (
    select date, amount
    from spend
),

cuts as (
    -- each period's windows, S = [start - w, start - 1], the period P = [start, end] and
    -- E = [end - w + 1, end], as segments (queries/macros__date_segments.sql)
    select list_sort(list_distinct(flatten(list([period_start - $activity_window_days::integer, period_start,
        period_end - $activity_window_days::integer + 1, period_end + 1])))) as cuts
    from periods
),

windows as (
    select
        periods.period_start,
        periods.period_end,
        window_bits(cuts.cuts, periods.period_start - $activity_window_days::integer, periods.period_start - 1)
            as s_bits,
        window_bits(cuts.cuts, periods.period_start, periods.period_end) as p_bits,
        window_bits(cuts.cuts, periods.period_end - $activity_window_days::integer + 1, periods.period_end)
            as e_bits,
    from periods
    cross join cuts
),

segment_sales as (
    -- one pass over the orders: each customer's orders and revenue by segment
    select completed.customer_key, days.s, any_value(completed.customer_id) as customer_id,
        sum(completed.orders) as orders, sum(completed.revenue) as revenue,
    from completed
    join segment_days((select cuts from cuts)) as days on completed.order_date = days.day
    group by completed.customer_key, days.s
),

customer_segment_bits as (
    -- the segments each customer bought in and those with two orders or more
    select any_value(customer_id) as customer_id, bit_or(segment_bit(s)) as bits,
        coalesce(bit_or(segment_bit(s)) filter (where orders >= 2), 0::hugeint) as multi_bits,
    from segment_sales
    group by customer_key
),

customer_bits as (
    -- with their first order
    select customer_segment_bits.customer_id, customer_segment_bits.bits, customer_segment_bits.multi_bits,
        firsts.first_order_date,
    from customer_segment_bits
    join firsts using (customer_id)
),

sales as (
    select
        windows.period_start,
        windows.period_end,
        sum(segment_totals.orders)::bigint as orders,
        sum(segment_totals.revenue) as revenue,
    from windows
    join (select s, sum(orders) as orders, sum(revenue) as revenue from segment_sales group by s) as segment_totals
        on windows.p_bits & segment_bit(segment_totals.s) <> 0
    group by all
),

first_days as (
    -- how many customers made their first completed order on each day, and how many their second
    select first_order_date as day, count(*) as firsts, 0 as seconds,
    from firsts
    group by all
    union all
    select second_order_date as day, 0 as firsts, count(*) as seconds,
    from firsts
    where second_order_date is not null
    group by all
),

customer_counts as (
    select
        periods.period_start,
        periods.period_end,
        coalesce(sum(first_days.firsts) filter (
            where first_days.day between periods.period_start and periods.period_end), 0)::bigint as new_customers,
        coalesce(sum(first_days.firsts) filter (where first_days.day <= periods.period_end), 0)::bigint
            as ever_customers,
        coalesce(sum(first_days.seconds) filter (where first_days.day <= periods.period_end), 0)::bigint
            as repeat_customers,
    from periods
    cross join first_days
    group by all
),

retention as (
    select
        windows.period_start,
        windows.period_end,
        count(*) filter (where customer_bits.bits & windows.p_bits <> 0) as buyers,
        -- two orders or more in the period: two of its segments, or two orders in one
        count(*) filter (
            where customer_bits.multi_bits & windows.p_bits <> 0
            or bit_count(customer_bits.bits & windows.p_bits) >= 2
        ) as repeat_buyers,
        count(*) filter (where customer_bits.bits & windows.s_bits <> 0) as crr_s,
        count(*) filter (where customer_bits.bits & windows.e_bits <> 0) as crr_e,
        count(*) filter (
            where customer_bits.bits & windows.e_bits <> 0
            and not customer_bits.first_order_date between windows.period_start and windows.period_end
        ) as crr_retained,
        count(*) filter (where customer_bits.bits & windows.s_bits <> 0 and customer_bits.bits & windows.e_bits <> 0)
            as crr_s_and_e,
    from customer_bits
    cross join windows
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
        coalesce(sales.orders, 0) as orders,
        coalesce(sales.revenue, 0) as revenue,
        coalesce(retention.buyers, 0) as buyers,
        coalesce(retention.repeat_buyers, 0) as repeat_buyers,
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
        100.0 * repeat_customers / nullif(ever_customers, 0) as repeat_rate_cumulative,
        repeat_buyers,
        100.0 * repeat_buyers / nullif(buyers, 0) as repeat_rate,
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
