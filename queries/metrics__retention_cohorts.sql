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

completed as (
    select customer_id, order_date
    from completed_orders
    where order_date <= $as_of
),

sizes as (
    select cohort_month, count(*) as cohort_size
    from acquired
    group by cohort_month
),

active as (
    select distinct
        acquired.cohort_month,
        acquired.customer_id,
        datediff('month', acquired.cohort_month, date_trunc('month', completed.order_date)::date) as k,
    from acquired
    inner join completed using (customer_id)
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
