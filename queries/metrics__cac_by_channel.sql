-- purpose: marketing spend and new customers by channel for several periods: spend of the channel
--          dated in the period, and customers whose first completed order is dated in the period,
--          attributed to their acquisition channel (source, else the first order's channel)
-- params: $period_starts, $period_ends (date lists of equal length)
-- returns: period_start, period_end, channel, spend_rows, marketing_spend, new_customers, cac
with

periods as (
    select distinct
        unnest($period_starts::date[]) as period_start,
        unnest($period_ends::date[]) as period_end,
),

acquired as (
    select customer_id, first_order_date, acquisition_channel
    from customer_acquisition
),

spend_dated as (
    select date, channel, amount
    from spend
),

channel_spend as (
    select
        periods.period_start,
        periods.period_end,
        spend_dated.channel,
        count(*) as spend_rows,
        sum(spend_dated.amount) as marketing_spend,
    from periods
    inner join spend_dated
        on spend_dated.date between periods.period_start and periods.period_end
    group by all
),

channel_new as (
    select
        periods.period_start,
        periods.period_end,
        acquired.acquisition_channel as channel,
        count(*) as new_customers,
    from periods
    inner join acquired
        on acquired.first_order_date between periods.period_start and periods.period_end
    group by all
),

final as (
    select
        coalesce(channel_spend.period_start, channel_new.period_start) as period_start,
        coalesce(channel_spend.period_end, channel_new.period_end) as period_end,
        coalesce(channel_spend.channel, channel_new.channel) as channel,
        coalesce(channel_spend.spend_rows, 0) as spend_rows,
        channel_spend.marketing_spend,
        coalesce(channel_new.new_customers, 0) as new_customers,
        channel_spend.marketing_spend / nullif(channel_new.new_customers, 0) as cac,
    from channel_spend
    full outer join channel_new
        on channel_spend.period_start = channel_new.period_start
        and channel_spend.period_end = channel_new.period_end
        and channel_spend.channel is not distinct from channel_new.channel
    order by period_start, period_end, channel
)

select * from final
