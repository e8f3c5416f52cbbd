-- purpose: every message of the communications dataset matched to a customer: the row's customer id
--          when the customers, orders or interactions know it, else the customer whose e-mail is the
--          row's e-mail, else the one whose phone is the row's phone (e-mails lower-cased and phones as
--          +digits at upload, on both sides), else the row's own key; with the send date
-- params: none
-- returns: customer_id, email, phone, campaign, channel, sent_at, sent_date, delivered, opened, clicked,
--          unsubscribed, promo_code, cost, control
with

known as (
    select customer_id from known_customers()
),

by_email as (
    select email, min(customer_id) as customer_id
    from customers
    where email is not null
    group by email
),

by_phone as (
    select phone, min(customer_id) as customer_id
    from customers
    where phone is not null
    group by phone
),

matched as (
    select
        coalesce(known.customer_id, by_email.customer_id, by_phone.customer_id, messages.customer_id)
            as customer_id,
        messages.email,
        messages.phone,
        coalesce(messages.campaign, '') as campaign,
        messages.channel,
        messages.sent_at,
        cast(messages.sent_at as date) as sent_date,
        messages.delivered,
        messages.opened,
        messages.clicked,
        coalesce(messages.unsubscribed, false) as unsubscribed,
        messages.promo_code,
        messages.cost,
        coalesce(messages.control, false) as control
    from communications as messages
    left join known on known.customer_id = messages.customer_id
    left join by_email on by_email.email = messages.email
    left join by_phone on by_phone.phone = messages.phone
),

final as (
    select * from matched
)

select * from final
