-- purpose: distribution of completed order values in the period: round bins (a width of 1, 2, 2.5 or 5 × 10ⁿ,
--          about $bins of them) from 0 up to the 99th percentile, and one last bin for the orders above
--          (the rule of core/charts/axes.nice_step, so edges read 1 000–1 250, never 999–1 249)
-- params: $start, $end, $bins
-- returns: bin, lower, upper (null for the last, open bin), orders
with

period_orders as (
    select amount
    from completed_orders
    where order_date between $start and $end
),

bounds as (
    select
        greatest(quantile_cont(amount, 0.99), 0.01) as top,
        greatest(quantile_cont(amount, 0.99), 0.01) / $bins::integer as raw_width,
        pow(10, floor(log10(greatest(quantile_cont(amount, 0.99), 0.01) / $bins::integer))) as magnitude,
    from period_orders
),

widths as (
    select
        top,
        magnitude * case
            when raw_width / magnitude <= 1.001 then 1
            when raw_width / magnitude <= 2.001 then 2
            when raw_width / magnitude <= 2.501 then 2.5
            when raw_width / magnitude <= 5.001 then 5
            else 10
        end as width,
    from bounds
),

regular as (
    select width, greatest(ceil(top / width - 1e-9), 1)::integer as bins,
    from widths
),

binned as (
    select
        least(greatest(floor(period_orders.amount / regular.width + 1e-9), 0), regular.bins)::integer as bin,
        regular.width,
        regular.bins,
    from period_orders
    cross join regular
),

final as (
    select
        bin,
        bin * any_value(width) as lower,
        case when bin < any_value(bins) then (bin + 1) * any_value(width) end as upper,
        count(*) as orders,
    from binned
    group by bin
    order by bin
)

select * from final
