-- purpose: contacts at each period end (as in the customer model: the customers dataset as it stood
--          then plus everyone with a completed order up to then) and whether any spend data exists
-- params: $period_ends
-- returns: period_end, customers, has_spend
with

ends as (
    select distinct cast(unnest($period_ends) as date) as period_end
),

firsts as (
    -- each buyer's first completed order (customer_acquisition: over every order)
    select customer_id, first_order_date as first_date,
    from customer_acquisition
),

profiles as (
    select customer_id, max(registered_at) as registered_at, true as has_profile,
    from customers
    group by customer_id
),

people as (
    select customer_id, coalesce(has_profile, false) as has_profile, registered_at, first_date,
    from profiles
    full join firsts using (customer_id)
),

final as (
    select
        ends.period_end,
        count(people.customer_id) filter (where (people.has_profile and (people.registered_at is null
            or people.registered_at <= ends.period_end)) or people.first_date <= ends.period_end) as customers,
        (select count(*) from spend) > 0 as has_spend,
    from ends
    cross join people
    group by ends.period_end
)

select * from final order by period_end
