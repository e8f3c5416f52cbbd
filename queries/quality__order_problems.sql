-- purpose: orders with at least one problem: a key field missing, a zero or negative amount (completed
--          orders), an outlying amount (completed, above the fence exp(Q3 + 3 x IQR) of the logarithm of
--          completed positive amounts: Tukey's far-out fence on the log scale, as amounts are skewed),
--          a date after the analysis date or after today
-- params: $as_of, $today
-- returns: order_id, customer_id, order_date, amount, status, completed, missing_key, zero_amount,
--          outlier, after_as_of, after_today, amount_fence
with

log_quartiles as (
    select
        quantile_cont(ln(amount), 0.25) as q1,
        quantile_cont(ln(amount), 0.75) as q3,
    from completed_orders
    where amount > 0
),

fence as (
    -- compared on the log scale, so rounding in exp() cannot flag an amount equal to the fence
    select q3 + 3 * (q3 - q1) as log_fence, exp(q3 + 3 * (q3 - q1)) as amount_fence,
    from log_quartiles
),

flagged as (
    select
        orders.order_id,
        orders.customer_id,
        orders.order_date,
        orders.amount,
        orders.status,
        orders.completed,
        (orders.order_id is null or orders.customer_id is null or orders.order_date is null
            or orders.amount is null) as missing_key,
        coalesce(orders.completed and orders.amount <= 0, false) as zero_amount,
        coalesce(orders.completed and orders.amount > 0 and ln(orders.amount) > fence.log_fence, false) as outlier,
        coalesce(orders.order_date > $as_of, false) as after_as_of,
        coalesce(orders.order_date > $today, false) as after_today,
        fence.amount_fence,
    from orders
    cross join fence
),

final as (
    select *
    from flagged
    where missing_key or zero_amount or outlier or after_as_of or after_today
)

select * from final
order by order_date, order_id
