-- purpose: one row per contact (customers plus ids seen only in orders) with the profile fields the
--          quality checks read (consent withdrawn by an unsubscribe on or before the analysis date), order
--          counts over all data and the last dated activity up to the analysis date
-- params: $as_of
-- returns: customer_id, has_profile, name, email, phone, city, gender, birth_date, registered_at,
--          consent_email, consent_sms, all_orders, completed_orders, last_activity_date
with

profiles as (
    -- one profile per customer id (the last row wins when an export repeats an id)
    select *
    from customers
    where customer_id is not null
    qualify row_number() over (partition by customer_id order by registered_at desc nulls last) = 1
),

order_facts as (
    select
        customer_id,
        count(*) as all_orders,
        count(*) filter (where completed) as completed_orders,
        max(order_date) filter (where order_date <= $as_of) as last_order_date,
    from orders
    where customer_id is not null
    group by customer_id
),

interaction_facts as (
    select customer_id, max(date) as last_interaction_date,
    from interactions
    where customer_id is not null and date <= $as_of
    group by customer_id
),

unsubscribed as (
    -- channels a customer unsubscribed from on or before the analysis date (as in the customer model)
    select customer_id, bool_or(channel = 'email') as email, bool_or(channel = 'sms') as sms,
    from contact_events
    where unsubscribed and sent_date <= $as_of
    group by customer_id
),

contacts as (
    select customer_id from profiles
    union
    select customer_id from order_facts
),

final as (
    select
        contacts.customer_id,
        profiles.customer_id is not null as has_profile,
        profiles.name,
        profiles.email,
        profiles.phone,
        profiles.city,
        profiles.gender,
        profiles.birth_date,
        profiles.registered_at,
        coalesce(profiles.consent_email, false) and not coalesce(unsubscribed.email, false) as consent_email,
        coalesce(profiles.consent_sms, false) and not coalesce(unsubscribed.sms, false) as consent_sms,
        coalesce(order_facts.all_orders, 0) as all_orders,
        coalesce(order_facts.completed_orders, 0) as completed_orders,
        greatest(
            order_facts.last_order_date,
            interaction_facts.last_interaction_date,
            case when profiles.registered_at <= $as_of then profiles.registered_at end
        ) as last_activity_date,
    from contacts
    left join profiles using (customer_id)
    left join order_facts using (customer_id)
    left join interaction_facts using (customer_id)
    left join unsubscribed using (customer_id)
)

select * from final
order by customer_id
