-- purpose: what the order lines of completed orders say of the gross margin, per day and top-level category:
--          the revenue of the lines, the revenue of those carrying a cost and their gross profit; a few
--          thousand rows, so LTV's margin over the 365 days to any date (metrics__line_margin) sums these
--          instead of joining every line to its order. Not per customer: a scoped viewer's is this query
--          over their customers' orders (core/sql.py apply_context)
-- params: none
-- returns: order_date, category, revenue, costed_revenue, costed_profit
with

lines as (
    select
        completed_orders.order_date,
        coalesce(order_lines.category_top, '') as category,
        order_lines.amount,
        order_lines.cost,
    from order_lines
    join completed_orders using (order_id)
),

final as (
    select
        order_date,
        category,
        sum(amount) as revenue,
        coalesce(sum(amount) filter (where cost is not null), 0) as costed_revenue,
        coalesce(sum(amount - cost) filter (where cost is not null), 0) as costed_profit,
    from lines
    group by order_date, category
)

select * from final
