-- purpose: the base-type rules of core/customers.py as macros, created in every generation, so the
--          customer model, the month-end history and the threshold preview classify by one text
-- params: none
-- returns: mailing_profile(consent_email, consent_sms, birth_date, gender, city): consent to e-mail
--          or SMS and no personal data beyond name and contacts; base_type_of(orders, mailing,
--          recency_days, inactive_days, orders_365, revenue_365, in_top_share, vip_min_revenue):
--          the first rule that applies (in_top_share: among the top ceil(share x buyers of the last
--          365 days) by revenue in those days, ties with the last of them included)
create or replace macro mailing_profile(consent_email, consent_sms, birth_date, gender, city) as
    coalesce(consent_email or consent_sms, false) and birth_date is null and gender is null and city is null;

create or replace macro base_type_of(
    orders, mailing, recency_days, inactive_days, orders_365, revenue_365, in_top_share, vip_min_revenue
) as
    case
        when orders = 0 and mailing then 'mailing'
        when orders = 0 then 'potential'
        when recency_days > inactive_days then 'inactive'
        when orders_365 > 0 and (
            in_top_share or (vip_min_revenue is not null and revenue_365 >= vip_min_revenue)
        ) then 'vip'
        when orders = 1 then 'working'
        else 'active'
    end;
