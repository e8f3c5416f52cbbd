-- purpose: each campaign customer's completed orders and revenue in the window of $days days from the
--          campaign's date $start (that day included), and revenue in the same number of days before it;
--          only the customers the viewer may see (a manager: their own)
-- params: $ids, $groups (lists of equal length: customer id and its group), $start (date), $days
-- returns: customer_id, grp, orders, revenue, pre_revenue
with

listed as (
    select unnest($ids) as customer_id, unnest($groups) as grp
),

visible as (
    -- the listed customers present in the (viewer's) data: each relation probed against the list, so no
    -- distinct set of every customer of the orders is made for one campaign
    select customer_id from customers semi join listed using (customer_id)
    union
    select customer_id from orders semi join listed using (customer_id)
    union
    select customer_id from contact_events semi join listed using (customer_id)
),

members as (
    select listed.* from listed semi join visible using (customer_id)
),

windowed as (
    select
        customer_id,
        count(*) filter (where order_date >= $start) as orders,
        coalesce(sum(amount) filter (where order_date >= $start), 0) as revenue,
        coalesce(sum(amount) filter (where order_date < $start), 0) as pre_revenue,
    from completed_orders
    semi join members using (customer_id)
    where order_date >= $start - cast($days as integer) and order_date < $start + cast($days as integer)
    group by customer_id
),

final as (
    select
        members.customer_id,
        members.grp,
        coalesce(windowed.orders, 0) as orders,
        coalesce(windowed.revenue, 0) as revenue,
        coalesce(windowed.pre_revenue, 0) as pre_revenue,
    from members
    left join windowed using (customer_id)
)

select * from final
