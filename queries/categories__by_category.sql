-- purpose: what was bought by top-level category in the period [start, end]: buyers, orders holding the
--          category, its revenue and share, the category's sum per order, the average check of those orders,
--          buyers who bought it in two orders or more, gross profit and margin over the lines with a cost;
--          completed orders only (definitions in core/categories.py)
-- params: $start, $end
-- returns: category, buyers, orders, revenue, revenue_share, per_order, aov, repeat_buyers, repeat_rate,
--          gross_profit, costed_revenue, margin
with

lines as (
    select completed_orders.customer_id, order_lines.order_id, order_lines.category_top as category,
        order_lines.amount, order_lines.cost, completed_orders.amount as order_amount,
    from order_lines
    join completed_orders using (order_id)
    where completed_orders.order_date between $start and $end
        and order_lines.category_top is not null
),

totals as (
    select sum(amount) as revenue from lines
),

orders_of as (
    -- each order holding the category once, with the order's whole amount
    select category, order_id, any_value(order_amount) as order_amount,
    from lines
    group by all
),

customers_of as (
    select category, customer_id, count(distinct order_id) as orders,
    from lines
    group by all
),

by_category as (
    select
        category,
        count(distinct order_id) as orders,
        sum(amount) as revenue,
        sum(amount - cost) filter (where cost is not null) as gross_profit,
        sum(amount) filter (where cost is not null) as costed_revenue,
    from lines
    group by category
),

final as (
    select
        by_category.category,
        buyers.buyers,
        by_category.orders,
        by_category.revenue,
        100.0 * by_category.revenue / nullif((select revenue from totals), 0) as revenue_share,
        by_category.revenue / by_category.orders as per_order,
        checks.aov,
        buyers.repeat_buyers,
        100.0 * buyers.repeat_buyers / buyers.buyers as repeat_rate,
        by_category.gross_profit,
        by_category.costed_revenue,
        100.0 * by_category.gross_profit / nullif(by_category.costed_revenue, 0) as margin,
    from by_category
    join (select category, count(*) as buyers, count(*) filter (where orders >= 2) as repeat_buyers
          from customers_of group by category) as buyers using (category)
    join (select category, avg(order_amount) as aov from orders_of group by category) as checks using (category)
    order by by_category.revenue desc, by_category.category
)

select * from final
