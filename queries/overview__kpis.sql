-- purpose: headline numbers: contacts as of the analysis date, and completed-order totals in the period
-- params: $as_of, $start, $end
-- returns: customers, buyers, orders, revenue, aov
with

contacts as (
    -- as in the customer model: the customers dataset as it stood on the analysis date, plus buyers
    select customer_id from customers where registered_at is null or registered_at <= $as_of
    union
    select customer_id from completed_orders where order_date <= $as_of
),

period_orders as (
    select customer_id, amount
    from completed_orders
    where order_date between $start and $end
),

final as (
    select
        (select count(*) from contacts) as customers,
        count(distinct customer_id) as buyers,
        count(*) as orders,
        coalesce(sum(amount), 0) as revenue,
        sum(amount) / nullif(count(*), 0) as aov,
    from period_orders
)

select * from final
