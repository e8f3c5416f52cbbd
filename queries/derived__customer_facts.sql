-- purpose: per-customer order facts over all completed orders (every buyer's first and last order,
--          number of orders, revenue); taken from customer_activity, which the generation builds for
--          the latest completed order date, so it covers every completed order
-- params: none
-- returns: customer_id, first_order_date, last_order_date, orders, revenue
with

buyers as (
    select customer_id, first_order_date, last_order_date, orders, revenue
    from customer_activity
    where orders > 0
),

final as (
    select * from buyers
)

select * from final
