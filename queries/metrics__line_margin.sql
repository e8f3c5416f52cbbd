-- purpose: what the order lines say of the gross margin over the 365 days ending at each given end date:
--          per top-level category, the revenue of its lines, the revenue of those carrying a cost and their
--          gross profit (completed orders only; core/metrics/__init__.py blends them into LTV's margin)
-- params: $period_ends (date list)
-- returns: period_end, category, revenue, costed_revenue, costed_profit
with

ends as (
    select distinct unnest($period_ends::date[]) as period_end
),

daily as (
    -- the lines' sums by day and category (the step daily_margin), so the ends' windows join those
    select order_date, category, revenue, costed_revenue, costed_profit
    from daily_margin
    where order_date between (select min(period_end) - 364 from ends) and (select max(period_end) from ends)
),

final as (
    select
        ends.period_end,
        daily.category,
        sum(daily.revenue) as revenue,
        sum(daily.costed_revenue) as costed_revenue,
        sum(daily.costed_profit) as costed_profit,
    from ends
    join daily on daily.order_date between ends.period_end - 364 and ends.period_end
    group by all
    order by ends.period_end, daily.category
)

select * from final
