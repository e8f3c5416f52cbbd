-- purpose: when and through which channel each customer was acquired: first and second completed
--          order dates, cohort month, and the acquisition channel (the customer's source, else the
--          channel of the first completed order); the base of the metrics (issue 5)
-- params: none
-- returns: customer_id, first_order_date, second_order_date, cohort_month, acquisition_channel
with

completed as (
    select customer_id, order_id, order_date, order_ts, channel
    from completed_orders
),

sources as (
    select customer_id, any_value(nullif(trim(source), '')) as source
    from customers
    group by customer_id
),

ranked as (
    select
        customer_id,
        order_date,
        channel,
        row_number() over (
            partition by customer_id
            order by order_date, order_ts nulls last, order_id
        ) as position,
    from completed
),

firsts as (
    select
        customer_id,
        min(order_date) filter (where position = 1) as first_order_date,
        min(order_date) filter (where position = 2) as second_order_date,
        any_value(nullif(trim(channel), '')) filter (where position = 1) as first_channel,
    from ranked
    group by customer_id
),

final as (
    select
        firsts.customer_id,
        firsts.first_order_date,
        firsts.second_order_date,
        date_trunc('month', firsts.first_order_date)::date as cohort_month,
        coalesce(sources.source, firsts.first_channel) as acquisition_channel,
    from firsts
    left join sources using (customer_id)
)

select * from final
