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
    -- the day each person became a contact: registered (any day, when the date is missing) or first bought
    select
        least(case when profiles.has_profile then coalesce(profiles.registered_at, '-infinity'::date) end,
              firsts.first_date) as since,
    from profiles
    full join firsts using (customer_id)
),

arrivals as (
    select since, count(*) as people,
    from people
    where since is not null
    group by since
),

final as (
    select
        ends.period_end,
        coalesce(sum(arrivals.people) filter (where arrivals.since <= ends.period_end), 0)::bigint as customers,
        (select count(*) from spend) > 0 as has_spend,
    from ends
    cross join arrivals
    group by ends.period_end
)

select * from final order by period_end
