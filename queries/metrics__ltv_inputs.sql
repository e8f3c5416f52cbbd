-- purpose: the inputs of LTV for the 365 days ending at each given end date, by acquisition channel
--          (customers fall in exactly one channel, so totals are sums over channels): completed
--          orders and revenue in [end - 364, end], their customers, B1 = customers with a completed
--          order in [end - 729, end - 365] and how many of B1 bought again in [end - 364, end]
-- params: $period_ends (date list)
-- returns: period_end, acquisition_channel, ltv_orders, ltv_revenue, ltv_customers, ltv_b1, ltv_b1_b2
with

ends as (
    select distinct unnest($period_ends::date[]) as period_end
),

completed as (
    select customer_id, order_date, amount
    from completed_orders
),

channels as (
    select customer_id, acquisition_channel
    from customer_acquisition
),

year_activity as (
    select
        ends.period_end,
        completed.customer_id,
        count(*) filter (where completed.order_date >= ends.period_end - 364) as orders_b2,
        coalesce(sum(completed.amount) filter (where completed.order_date >= ends.period_end - 364), 0)
            as revenue_b2,
        bool_or(completed.order_date <= ends.period_end - 365) as in_b1,
    from ends
    inner join completed
        on completed.order_date between ends.period_end - 729 and ends.period_end
    group by all
),

final as (
    select
        year_activity.period_end,
        channels.acquisition_channel,
        sum(year_activity.orders_b2)::bigint as ltv_orders,
        sum(year_activity.revenue_b2) as ltv_revenue,
        count(*) filter (where year_activity.orders_b2 > 0) as ltv_customers,
        count(*) filter (where year_activity.in_b1) as ltv_b1,
        count(*) filter (where year_activity.in_b1 and year_activity.orders_b2 > 0) as ltv_b1_b2,
    from year_activity
    left join channels using (customer_id)
    group by all
    order by year_activity.period_end, channels.acquisition_channel
)

select * from final
