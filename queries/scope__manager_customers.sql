-- purpose: the customers one manager may see: assigned to them in customers, or, when the customer
--          record names no manager (or there is none), whose orders that manager handled
-- params: $manager_id
-- returns: customer_id
with

assigned as (
    select customer_id
    from customers
    where manager = $manager_id
),

unassigned_orders as (
    select distinct orders.customer_id
    from orders
    left join customers using (customer_id)
    where orders.manager = $manager_id
      and customers.manager is null
),

final as (
    select customer_id from assigned
    union
    select customer_id from unassigned_orders
)

select * from final
