-- purpose: repeat transactions in the holdout period of the customers first seen up to the calibration end (one transaction = a customer's orders on one day)
-- params: $calibration_end (date), $holdout_end (date)
-- returns: customer_id, holdout_transactions (distinct order days in (calibration_end, holdout_end]); customers without one are absent
with

transactions as (
    select distinct
        customer_id,
        order_date,
    from completed_orders
    where order_date <= $holdout_end
        and customer_id is not null
),

calibration_customers as (
    select customer_id,
    from transactions
    group by customer_id
    having min(order_date) <= $calibration_end
),

final as (
    select
        t.customer_id,
        count(*) as holdout_transactions,
    from transactions as t
    inner join calibration_customers as c on c.customer_id = t.customer_id
    where t.order_date > $calibration_end
    group by t.customer_id
)

-- By id, as the model input is: the forecast sums over rows in a fixed order.
select * from final
order by customer_id
