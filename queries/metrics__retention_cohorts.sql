-- purpose: cohort retention: a customer's cohort is the month of their first completed order; for
--          each cohort and k = 0, 1, ... the number of its customers with a completed order in the
--          k-th calendar month after the cohort month (orders up to the analysis date)
-- params: $as_of
-- returns: cohort_month, k, cohort_size, customers
with

acquired as (
    select customer_id, cohort_month
    from customer_acquisition
    where first_order_date <= $as_of
),

months as (
    -- each customer's calendar months with a completed order up to the analysis date, once each: from the
    -- completed orders per customer and day (the step customer_days), grouped by its integer key
    select customer_key, date_trunc('month', order_date)::date as order_month, any_value(customer_id) as customer_id,
    from customer_days
    where order_date <= $as_of
    group by customer_key, order_month
),

sizes as (
    select cohort_month, count(*) as cohort_size
    from acquired
    group by cohort_month
),

active as (
    -- one row per customer and month after their cohort month they bought in
    select
        acquired.cohort_month,
        datediff('month', acquired.cohort_month, months.order_month) as k,
    from acquired
    inner join months using (customer_id)
),

final as (
    select
        active.cohort_month,
        active.k,
        sizes.cohort_size,
        count(*) as customers,
    from active
    inner join sizes using (cohort_month)
    group by all
    order by active.cohort_month, active.k
)

select * from final
