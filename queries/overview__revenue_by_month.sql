-- purpose: revenue and distinct buyers of completed orders by calendar month, up to the analysis date
-- params: $as_of
-- returns: month, revenue, buyers, orders
with

completed as (
    select customer_id, order_date, amount
    from completed_orders
    where order_date <= $as_of
),

final as (
    select
        date_trunc('month', order_date)::date as month,
        sum(amount) as revenue,
        count(distinct customer_id) as buyers,
        count(*) as orders,
    from completed
    group by month
    order by month
)

select * from final
