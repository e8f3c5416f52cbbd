-- purpose: row count and date range of each canonical dataset (orders: all statuses; order lines: their
--          orders' dates)
-- params: none
-- returns: dataset, rows, min_date, max_date
with

stats as (
    select 'orders' as dataset, 1 as position, count(*) as rows, min(order_date) as min_date, max(order_date) as max_date,
    from orders
    union all
    select 'customers', 2, count(*), min(registered_at), max(registered_at) from customers
    union all
    select 'interactions', 3, count(*), min(date), max(date) from interactions
    union all
    select 'spend', 4, count(*), min(date), max(date) from spend
    union all
    select 'communications', 5, count(*), min(cast(sent_at as date)), max(cast(sent_at as date)) from communications
    union all
    -- order lines carry no date of their own: the dates of the orders they belong to
    select 'order_lines', 6, count(*), min(orders.order_date), max(orders.order_date)
    from order_lines
    left join orders using (order_id)
),

final as (
    select dataset, rows, min_date, max_date
    from stats
    order by position
)

select * from final
