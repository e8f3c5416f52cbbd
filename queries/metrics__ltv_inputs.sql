-- purpose: the inputs of LTV for the 365 days ending at each given end date, by acquisition channel
--          (customers fall in exactly one channel, so totals are sums over channels): completed
--          orders and revenue in [end - 364, end], their customers, B1 = customers with a completed
--          order in [end - 729, end - 365] and how many of B1 bought again in [end - 364, end]; one pass
--          over the orders for every end (queries/macros__date_segments.sql: at most 42 ends)
-- params: $period_ends (date list)
-- returns: period_end, acquisition_channel, ltv_orders, ltv_revenue, ltv_customers, ltv_b1, ltv_b1_b2
with

ends as (
    select distinct unnest($period_ends::date[]) as period_end
),

cuts as (
    -- each end's two years, B1 = [end - 729, end - 365] and B2 = [end - 364, end], as segments
    -- (queries/macros__date_segments.sql)
    select list_sort(list_distinct(flatten(list([period_end - 729, period_end - 364, period_end + 1])))) as cuts
    from ends
),

windows as (
    select
        ends.period_end,
        window_bits(cuts.cuts, ends.period_end - 364, ends.period_end) as b2_bits,
        window_bits(cuts.cuts, ends.period_end - 729, ends.period_end - 365) as b1_bits,
    from ends
    cross join cuts
),

channels as (
    select customer_id, acquisition_channel
    from customer_acquisition
),

segment_days_sold as (
    -- the orders per customer and day (the step customer_days, its integer key) inside the ends' windows,
    -- each with its segment: the customers are grouped once, by their key alone (not by key and segment)
    select customer_days.customer_key, customer_days.customer_id, days.s, customer_days.orders,
        customer_days.revenue,
    from customer_days
    join segment_days((select cuts from cuts)) as days on customer_days.order_date = days.day
),

customer_bits as (
    -- the segments each customer bought in, with their channel (one per customer)
    select segment_bits.customer_key, channels.acquisition_channel, segment_bits.bits,
    from (
        select customer_key, any_value(customer_id) as customer_id, bit_or(segment_bit(s)) as bits,
        from segment_days_sold
        group by customer_key
    ) as segment_bits
    left join channels using (customer_id)
),

channel_segments as (
    select customer_bits.acquisition_channel, segment_days_sold.s, sum(segment_days_sold.orders) as orders,
        sum(segment_days_sold.revenue) as revenue,
    from segment_days_sold
    join customer_bits using (customer_key)
    group by all
),

presence as (
    select
        windows.period_end,
        customer_bits.acquisition_channel,
        count(*) filter (where customer_bits.bits & windows.b2_bits <> 0) as ltv_customers,
        count(*) filter (where customer_bits.bits & windows.b1_bits <> 0) as ltv_b1,
        count(*) filter (where customer_bits.bits & windows.b1_bits <> 0 and customer_bits.bits & windows.b2_bits <> 0)
            as ltv_b1_b2,
    from customer_bits
    cross join windows
    group by all
),

sales as (
    select
        windows.period_end,
        channel_segments.acquisition_channel,
        sum(channel_segments.orders)::bigint as ltv_orders,
        sum(channel_segments.revenue) as ltv_revenue,
    from windows
    join channel_segments on windows.b2_bits & segment_bit(channel_segments.s) <> 0
    group by all
),

final as (
    select
        presence.period_end,
        presence.acquisition_channel,
        coalesce(sales.ltv_orders, 0)::bigint as ltv_orders,
        coalesce(sales.ltv_revenue, 0) as ltv_revenue,
        presence.ltv_customers,
        presence.ltv_b1,
        presence.ltv_b1_b2,
    from presence
    left join sales on sales.period_end = presence.period_end
        and sales.acquisition_channel is not distinct from presence.acquisition_channel
    where presence.ltv_customers > 0 or presence.ltv_b1 > 0
    order by presence.period_end, presence.acquisition_channel
)

select * from final
