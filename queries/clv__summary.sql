-- purpose: per-customer input of the BG/NBD and Gamma-Gamma models from completed orders up to the calibration end (inclusive); orders of one customer on one day form one transaction
-- params: $calibration_end (date), $days_per_unit (1 for days, 7 for weeks)
-- returns: customer_id, first_date, frequency (repeat transactions: all but the first), recency (first -> last transaction) and T (first transaction -> calibration end) in the time unit, monetary_value (mean value of the repeat transactions, the first excluded; null without a repeat), total_value (all transactions up to the calibration end)
with

orders as (
    select
        customer_id,
        order_date,
        -- Exact sums (decimal): a double sum's last bits depend on the order DuckDB's threads add in.
        cast(coalesce(amount, 0) as decimal(38, 6)) as amount,
    from completed_orders
    where order_date <= $calibration_end
        and customer_id is not null
),

transactions as (
    select
        customer_id,
        order_date,
        sum(amount) as value,
    from orders
    group by customer_id, order_date
),

per_customer as (
    select
        customer_id,
        min(order_date) as first_date,
        max(order_date) as last_date,
        count(*) - 1 as frequency,
        sum(value) as total_value,
        sum(value) - arg_min(value, order_date) as repeat_value,
    from transactions
    group by customer_id
),

final as (
    select
        customer_id,
        first_date,
        cast(frequency as double) as frequency,
        date_diff('day', first_date, last_date) / $days_per_unit as recency,
        date_diff('day', first_date, cast($calibration_end as date)) / $days_per_unit as "T",
        case when frequency > 0 then cast(repeat_value as double) / frequency end as monetary_value,
        cast(total_value as double) as total_value,
    from per_customer
)

-- By id: the fit sums over rows in this order, so the same data gives the same fit, to the last bit.
select * from final
order by customer_id
