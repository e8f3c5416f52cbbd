-- purpose: how many contacts and how much revenue fall in each class of one classification
--          (base type, temperature, lifecycle, RFM segment or ABC class) as of the analysis date
-- params: none
-- returns: value, customers, revenue, revenue_365, customer_share, revenue_share
-- identifiers: dimension = core.composition:DIMENSIONS
with

model as (
    select {{dimension}} as value, revenue, revenue_365
    from customer_model
),

grouped as (
    select
        value,
        count(*) as customers,
        coalesce(sum(revenue), 0) as revenue,
        coalesce(sum(revenue_365), 0) as revenue_365,
    from model
    where value is not null
    group by value
),

final as (
    select
        value,
        customers,
        revenue,
        revenue_365,
        100.0 * customers / nullif(sum(customers) over (), 0) as customer_share,
        100.0 * revenue / nullif(sum(revenue) over (), 0) as revenue_share,
    from grouped
)

select * from final
