-- purpose: when and through which channel each customer was acquired: first and second completed
--          order dates, cohort month, the channel of the first completed order (in the order of
--          queries/macros__order_sequence.sql; trimmed, empty = none) and the acquisition channel (the
--          customer's source, else that channel); the base of the metrics (issue 5), and the one place
--          the first order's channel is found (the customer model reads it)
-- params: none
-- returns: customer_id, first_order_date, second_order_date, cohort_month, first_channel,
--          acquisition_channel
with

completed as (
    select customer_id, order_date, order_ts, nullif(trim(channel), '') as channel
    from completed_orders
),

channels as (
    -- the channel names ranked alphabetically, so the first order's channel rides on one number
    select channel, row_number() over (order by channel) as rank, count(*) over () as ranks,
    from (select distinct nullif(trim(channel), '') as channel from completed_orders)
    where channel is not null
),

radix as (
    select pick_radix(coalesce(max(ranks), 0)) as radix from channels
),

firsts as (
    select
        completed.customer_id,
        min(completed.order_date) as first_order_date,
        -- the two earliest dates, repeats kept: the second order's date
        min(completed.order_date, 2)[2] as second_order_date,
        min(pick_first(completed.order_date, completed.order_ts, channels.rank, radix.radix)) as first_pick,
    from completed
    left join channels using (channel)
    cross join radix
    group by completed.customer_id
),

sources as (
    select customer_id, any_value(nullif(trim(source), '')) as source
    from customers
    group by customer_id
),

final as (
    select
        firsts.customer_id,
        firsts.first_order_date,
        firsts.second_order_date,
        date_trunc('month', firsts.first_order_date)::date as cohort_month,
        channels.channel as first_channel,
        coalesce(sources.source, channels.channel) as acquisition_channel,
    from firsts
    cross join radix
    left join channels on channels.rank = first_rank(firsts.first_pick, radix.radix)
    left join sources using (customer_id)
)

select * from final
