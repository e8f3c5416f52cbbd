-- purpose: completed orders per customer and day over the whole history, with an integer key per customer
--          (1, 2, ... in the order of the ids): the compact table the overview's figures at another date
--          read instead of the orders (overview__classes, metrics__period, metrics__ltv_inputs), grouped by
--          the key; one row per customer and day that customer bought, so every count and sum over the
--          orders is a sum over these rows. Per customer: a scoped viewer's rows are their customers'
-- params: none
-- returns: customer_key, customer_id, order_date, orders, revenue
with

keys as (
    select customer_id, row_number() over (order by customer_id)::integer as customer_key,
    from (select distinct customer_id from completed_orders)
),

days as (
    select customer_id, order_date, count(*)::integer as orders, sum(amount) as revenue,
    from completed_orders
    group by customer_id, order_date
),

final as (
    select keys.customer_key, days.customer_id, days.order_date, days.orders, days.revenue,
    from days
    join keys using (customer_id)
    order by keys.customer_key, days.order_date
)

select * from final
