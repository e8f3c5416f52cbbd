-- purpose: what the order lines say of the gross margin over the 365 days ending at each given end date:
--          per top-level category, the revenue of its lines, the revenue of those carrying a cost and their
--          gross profit (completed orders only; core/metrics/__init__.py blends them into LTV's margin)
-- params: $period_ends (date list)
-- returns: period_end, category, revenue, costed_revenue, costed_profit
with

ends as (
    select distinct unnest($period_ends::date[]) as period_end
),

lines as (
    select completed_orders.order_date, coalesce(order_lines.category_top, '') as category, order_lines.amount,
        order_lines.cost,
    from order_lines
    join completed_orders using (order_id)
),

final as (
    select
        ends.period_end,
        lines.category,
        sum(lines.amount) as revenue,
        coalesce(sum(lines.amount) filter (where lines.cost is not null), 0) as costed_revenue,
        coalesce(sum(lines.amount - lines.cost) filter (where lines.cost is not null), 0) as costed_profit,
    from ends
    join lines on lines.order_date between ends.period_end - 364 and ends.period_end
    group by all
    order by ends.period_end, lines.category
)

select * from final
