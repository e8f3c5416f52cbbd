-- purpose: revenue of completed orders by acquisition cohort (month of the first completed order),
--          acquisition channel and month since acquisition k, with the cohort's size, up to the
--          analysis date; the base of cumulative value per customer and of the payback period
-- params: $as_of
-- returns: cohort_month, acquisition_channel, cohort_size, k, revenue
with

acquired as (
    select customer_id, cohort_month, acquisition_channel
    from customer_acquisition
    where first_order_date <= $as_of
),

completed as (
    select customer_id, order_date, amount
    from completed_orders
    where order_date <= $as_of
),

sizes as (
    select cohort_month, acquisition_channel, count(*) as cohort_size
    from acquired
    group by all
),

monthly as (
    select
        acquired.cohort_month,
        acquired.acquisition_channel,
        datediff('month', acquired.cohort_month, date_trunc('month', completed.order_date)::date) as k,
        sum(completed.amount) as revenue,
    from acquired
    inner join completed using (customer_id)
    group by all
),

final as (
    select
        monthly.cohort_month,
        monthly.acquisition_channel,
        sizes.cohort_size,
        monthly.k,
        monthly.revenue,
    from monthly
    inner join sizes
        on sizes.cohort_month = monthly.cohort_month
        and sizes.acquisition_channel is not distinct from monthly.acquisition_channel
    order by monthly.cohort_month, monthly.acquisition_channel, monthly.k
)

select * from final
