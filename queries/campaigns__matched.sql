-- purpose: a matched comparison for a campaign without a control group: every contact of the base as of
--          the day before the campaign (the context's analysis date) by base type, recipients apart from
--          the rest, with their revenue in the window of $days days from $start
-- params: $ids (the recipients), $start (date), $days
-- returns: base_type, recipient, customers, buyers, mean_revenue, var_revenue
with

recipients as (
    select distinct unnest($ids) as customer_id
),

people as (
    select customer_model.customer_id, customer_model.base_type, recipients.customer_id is not null as recipient,
    from customer_model
    left join recipients using (customer_id)
),

spent as (
    select customer_id, sum(amount) as revenue,
    from completed_orders
    where order_date >= $start and order_date < $start + cast($days as integer)
    group by customer_id
),

final as (
    select
        people.base_type,
        people.recipient,
        count(*) as customers,
        count(spent.customer_id) as buyers,
        avg(coalesce(spent.revenue, 0)) as mean_revenue,
        coalesce(var_samp(coalesce(spent.revenue, 0)), 0) as var_revenue,
    from people
    left join spent using (customer_id)
    group by all
)

select * from final order by base_type, recipient
