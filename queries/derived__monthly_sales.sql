-- purpose: completed orders by calendar month over the whole history: revenue, distinct buyers, orders; the
--          overview's revenue by month up to any date takes the whole months before the date's own from here
--          and only that month from the orders (overview__revenue_by_month). Not per customer: a scoped
--          viewer's is this query over their customers' orders (core/sql.py apply_context)
-- params: none
-- returns: month, revenue, buyers, orders
with

final as (
    select * from sales_by_month(date '0001-01-01', date '9999-12-31')
)

select * from final
