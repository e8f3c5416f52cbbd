-- purpose: per-customer order facts over all completed orders; the base of the customer model
-- params: none
-- returns: customer_id, first_order_date, last_order_date, orders, revenue
with

completed as (
    select customer_id, order_date, amount
    from completed_orders
),

final as (
    select
        customer_id,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date,
        count(*) as orders,
        sum(amount) as revenue,
    from completed
    group by customer_id
)

select * from final
