-- purpose: distribution of completed order values in the period: $bins equal bins from 0 to the 99th
--          percentile, and one last bin for the orders above it
-- params: $start, $end, $bins
-- returns: bin, lower, upper, orders
with

period_orders as (
    select amount
    from completed_orders
    where order_date between $start and $end
),

bounds as (
    select greatest(quantile_cont(amount, 0.99), 0.01) / $bins::integer as width,
    from period_orders
),

binned as (
    select
        least(greatest(floor(period_orders.amount / bounds.width), 0), $bins::integer)::integer as bin,
        bounds.width,
    from period_orders
    cross join bounds
),

final as (
    select
        bin,
        bin * any_value(width) as lower,
        case when bin < $bins::integer then (bin + 1) * any_value(width) end as upper,
        count(*) as orders,
    from binned
    group by bin
    order by bin
)

select * from final
