-- purpose: completed orders by calendar month between two days, written once for the step monthly_sales
--          (the whole history) and the overview's revenue by month (the analysis date's own month)
-- params: none
-- returns: sales_by_month(first_day, last_day): month, revenue, buyers (distinct customers), orders of the
--          completed orders dated first_day to last_day, both included
create or replace macro sales_by_month(first_day, last_day) as table
    select
        date_trunc('month', order_date)::date as month,
        sum(amount) as revenue,
        count(distinct customer_id) as buyers,
        count(*) as orders,
    from completed_orders
    where order_date between first_day and last_day
    group by date_trunc('month', order_date)::date;
