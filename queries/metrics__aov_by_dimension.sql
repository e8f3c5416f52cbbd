-- purpose: orders, revenue and average check of completed orders in several periods, by one
--          dimension: the order's channel or category, the customer's city, or their acquisition
--          channel; the dimension is an identifier from the allow-list in core/metrics
-- params: $period_starts, $period_ends (date lists of equal length)
-- returns: period_start, period_end, value, orders, revenue, aov
-- identifiers: metrics_dimension = core.metrics:METRIC_DIMENSIONS
with

periods as (
    select distinct
        unnest($period_starts::date[]) as period_start,
        unnest($period_ends::date[]) as period_end,
),

completed as (
    select customer_id, order_date, amount, channel, category
    from completed_orders
),

cities as (
    -- an id the export repeats with different cities: the greatest (a fixed choice on every run)
    select customer_id, max(city) as city
    from customers
    group by customer_id
),

enriched as (
    select
        completed.order_date,
        completed.amount,
        nullif(trim(completed.channel), '') as channel,
        nullif(trim(completed.category), '') as category,
        nullif(trim(cities.city), '') as city,
        customer_acquisition.acquisition_channel,
    from completed
    left join cities using (customer_id)
    left join customer_acquisition using (customer_id)
),

final as (
    select
        periods.period_start,
        periods.period_end,
        enriched.{{metrics_dimension}} as value,
        count(*) as orders,
        sum(enriched.amount) as revenue,
        sum(enriched.amount) / count(*) as aov,
    from periods
    inner join enriched
        on enriched.order_date between periods.period_start and periods.period_end
    group by all
    order by periods.period_start, revenue desc
)

select * from final
