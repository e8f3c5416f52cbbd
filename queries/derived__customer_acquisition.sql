-- purpose: when and through which channel each customer was acquired: first and second completed
--          order dates, cohort month, the channel of the first completed order and the acquisition
--          channel (the customer's source, else that channel); the base of the metrics (issue 5). Taken
--          from the generation's own customer_activity, built for the latest order date, so over every
--          order: the first order's channel is found in one place (customer_activity) for the model and
--          the metrics alike
-- params: none
-- returns: customer_id, first_order_date, second_order_date, cohort_month, first_channel,
--          acquisition_channel
with

firsts as (
    select customer_id, first_order_date, second_order_date, first_channel
    from customer_activity
    where orders > 0
),

sources as (
    -- an id the export repeats with different sources: the greatest (a fixed choice on every run and engine)
    select customer_id, max(nullif(trim(source), '')) as source
    from customers
    group by customer_id
),

final as (
    select
        firsts.customer_id,
        firsts.first_order_date,
        firsts.second_order_date,
        date_trunc('month', firsts.first_order_date)::date as cohort_month,
        firsts.first_channel,
        coalesce(sources.source, firsts.first_channel) as acquisition_channel,
    from firsts
    left join sources using (customer_id)
)

select * from final
