-- purpose: revenue and distinct buyers of completed orders by calendar month, up to the analysis date: the
--          whole months before the date's own from monthly_sales, the date's month (up to the date) from
--          the orders
-- params: $as_of
-- returns: month, revenue, buyers, orders
with

current_month as (
    select date_trunc('month', $as_of::date)::date as month
),

whole as (
    select month, revenue, buyers, orders
    from monthly_sales
    where month < (select month from current_month)
),

partial as (
    select * from sales_by_month((select month from current_month), $as_of)
),

final as (
    select * from whole
    union all
    select * from partial
    order by month
)

select * from final
