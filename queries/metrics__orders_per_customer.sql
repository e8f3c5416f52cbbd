-- purpose: how many completed orders each buyer of the period placed in it: buyers by order count
-- params: $start, $end
-- returns: orders, customers
with

period_orders as (
    select customer_id
    from completed_orders
    where order_date between $start and $end
),

per_customer as (
    select customer_id, count(*) as orders
    from period_orders
    group by customer_id
),

final as (
    select orders, count(*) as customers
    from per_customer
    group by orders
    order by orders
)

select * from final
