-- purpose: per day, first and repeat transactions of the customers first seen up to the calibration end (the cohort the model is fitted on), through the holdout end
-- params: $calibration_end (date), $holdout_end (date)
-- returns: day, new_customers (first transactions that day), repeat_transactions (later transactions that day)
with

transactions as (
    select distinct
        customer_id,
        order_date,
    from completed_orders
    where order_date <= $holdout_end
        and customer_id is not null
),

firsts as (
    select
        customer_id,
        min(order_date) as first_date,
    from transactions
    group by customer_id
    having min(order_date) <= $calibration_end
),

final as (
    select
        t.order_date as day,
        count(*) filter (where t.order_date = f.first_date) as new_customers,
        count(*) filter (where t.order_date > f.first_date) as repeat_transactions,
    from transactions as t
    inner join firsts as f on f.customer_id = t.customer_id
    group by t.order_date
    order by day
)

select * from final
