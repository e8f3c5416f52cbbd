-- purpose: the customer model: one row per contact as of the analysis date with order facts,
--          profile, consent, interactions and every classification (base type, temperature,
--          lifecycle, RFM, ABC, discount-driven); see core/customers.py for the definitions
-- params: $as_of, $inactive_days, $vip_share, $vip_min_revenue, $hot_days, $warm_days, $new_days,
--         $lost_days, $abc_a_share, $abc_b_share, $discount_buyer_share
-- returns: customer_id, name, email, phone, birth_date, age, birthday_in_days, gender, city, region,
--          source, first_channel, acquisition_channel, registered_at, consent_email, consent_sms,
--          manager, interests, profession, marital_status, first_order_date, last_order_date,
--          orders, revenue, aov, recency_days, tenure_days, orders_365, revenue_365,
--          discount_orders, discount_share, discount_buyer, interactions, complaints,
--          last_interaction_date, last_interaction_type, last_nps, base_type, temperature,
--          lifecycle, r_score, f_score, m_score, rfm_segment, abc_class
with

completed as (
    select customer_id, order_id, order_date, order_ts, amount, channel, discount, manager
    from completed_orders
    where order_date <= $as_of
),

order_facts as (
    select
        customer_id,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date,
        count(*) as orders,
        sum(amount) as revenue,
        count(*) filter (where order_date > $as_of - $lost_days) as orders_lost_window,
        count(*) filter (where order_date > $as_of - 365) as orders_365,
        -- rounded, so equal revenues compare equal however their sums were formed (VIP ties)
        round(coalesce(sum(amount) filter (where order_date > $as_of - 365), 0), 4) as revenue_365,
        count(*) filter (where discount > 0) as discount_orders,
        -- first and last by time of day too; a numeric key (a struct key is many times slower)
        arg_min(channel, epoch(coalesce(order_ts, order_date))) as first_channel,
        arg_max(manager, epoch(coalesce(order_ts, order_date))) as last_manager,
    from completed
    group by customer_id
),

interaction_facts as (
    select
        customer_id,
        count(*) as interactions,
        count(*) filter (where type = 'complaint') as complaints,
        max(date) as last_interaction_date,
        arg_max(type, date) as last_interaction_type,
        arg_max(score, date) filter (where score is not null) as last_nps,
    from interactions
    where date <= $as_of
    group by customer_id
),

contacts as (
    -- the customers dataset as it stood on D (no registration date: always), plus every buyer up to D
    select customer_id from customers where registered_at is null or registered_at <= $as_of
    union
    select customer_id from order_facts
),

profiles as (
    -- one profile per customer id (the last row wins when an export repeats an id)
    select *
    from customers
    qualify row_number() over (partition by customer_id order by registered_at desc nulls last) = 1
),

joined as (
    select
        contacts.customer_id,
        profiles.name,
        profiles.email,
        profiles.phone,
        profiles.birth_date,
        profiles.gender,
        profiles.city,
        profiles.region,
        profiles.source,
        order_facts.first_channel,
        coalesce(profiles.source, order_facts.first_channel) as acquisition_channel,
        profiles.registered_at,
        coalesce(profiles.consent_email, false) as consent_email,
        coalesce(profiles.consent_sms, false) as consent_sms,
        coalesce(profiles.manager, order_facts.last_manager) as manager,
        profiles.interests,
        profiles.profession,
        profiles.marital_status,
        order_facts.first_order_date,
        order_facts.last_order_date,
        coalesce(order_facts.orders, 0) as orders,
        coalesce(order_facts.revenue, 0) as revenue,
        order_facts.revenue / nullif(order_facts.orders, 0) as aov,
        date_diff('day', order_facts.last_order_date, $as_of) as recency_days,
        date_diff('day', order_facts.first_order_date, $as_of) as tenure_days,
        coalesce(order_facts.orders_365, 0) as orders_365,
        coalesce(order_facts.revenue_365, 0) as revenue_365,
        coalesce(order_facts.discount_orders, 0) as discount_orders,
        coalesce(interaction_facts.interactions, 0) as interactions,
        coalesce(interaction_facts.complaints, 0) as complaints,
        interaction_facts.last_interaction_date,
        interaction_facts.last_interaction_type,
        interaction_facts.last_nps,
    from contacts
    left join profiles using (customer_id)
    left join order_facts using (customer_id)
    left join interaction_facts using (customer_id)
),

vip_cut as (
    -- the revenue of the last customer inside the top ceil(share x buyers of the last 365 days)
    select min(revenue_365) as cut_revenue
    from (
        select revenue_365
        from joined
        where orders_365 > 0
        order by revenue_365 desc
        limit (
            select cast(ceil(greatest($vip_share, 0) * count(*) - 1e-9) as bigint)
            from joined
            where orders_365 > 0
        )
    )
),

scores as (
    -- ranks over a narrow projection of buyers (wide rows would be carried through every sort)
    select
        customer_id,
        least(5, 1 + floor(5 * percent_rank() over (order by recency_days desc))) as r_score,
        least(5, 1 + floor(5 * percent_rank() over (order by orders))) as f_score,
        least(5, 1 + floor(5 * percent_rank() over (order by revenue))) as m_score,
        coalesce(sum(revenue) over (order by revenue desc, customer_id
            rows between unbounded preceding and 1 preceding), 0)
            / nullif(sum(revenue) over (), 0) as revenue_share_before,
    from (select customer_id, recency_days, orders, revenue from joined where orders > 0)
),

ranked as (
    select joined.*, scores.r_score, scores.f_score, scores.m_score, scores.revenue_share_before,
    from joined
    left join scores using (customer_id)
),

classified as (
    select
        ranked.*,
        case
            when orders = 0 and (consent_email or consent_sms)
                and birth_date is null and gender is null and city is null then 'mailing'
            when orders = 0 then 'potential'
            when recency_days > $inactive_days then 'inactive'
            when orders_365 > 0 and (
                revenue_365 >= (select cut_revenue from vip_cut)
                or ($vip_min_revenue is not null and revenue_365 >= $vip_min_revenue)
            ) then 'vip'
            when orders = 1 then 'working'
            else 'active'
        end as base_type,
        case
            when orders > 0 and recency_days <= $hot_days then 'hot'
            when orders > 0 and recency_days <= $warm_days then 'warm'
            when orders = 0 and last_interaction_date >= $as_of - $warm_days then 'warm'
            else 'cold'
        end as temperature,
        case
            when orders = 0 then 'prospect'
            when recency_days > $lost_days then 'lost'
            when recency_days > $inactive_days then 'sleeping'
            when tenure_days < $new_days then 'new'
            else 'regular'
        end as lifecycle,
        case
            when orders = 0 then null
            when r_score >= 4 and f_score >= 4 then 'champions'
            when r_score = 3 and f_score >= 4 then 'loyal'
            when r_score >= 4 and f_score between 2 and 3 then 'potential_loyalist'
            when r_score = 5 and f_score = 1 then 'new_customers'
            when r_score = 4 and f_score = 1 then 'promising'
            when r_score = 3 and f_score = 3 then 'need_attention'
            when r_score = 3 and f_score <= 2 then 'about_to_sleep'
            when r_score <= 2 and f_score = 5 then 'cant_lose'
            when r_score <= 2 and f_score between 3 and 4 then 'at_risk'
            when r_score = 2 then 'hibernating'
            else 'lost'
        end as rfm_segment,
        case
            when orders = 0 then null
            when revenue_share_before < $abc_a_share then 'A'
            when revenue_share_before < $abc_b_share then 'B'
            else 'C'
        end as abc_class,
    from ranked
),

final as (
    select
        customer_id, name, email, phone, birth_date,
        case when birth_date <= $as_of then datesub('year', birth_date, $as_of) end as age,
        case when birth_date is not null then date_diff('day', $as_of, case
            when (birth_date + to_years(year($as_of) - year(birth_date)))::date >= $as_of
                then (birth_date + to_years(year($as_of) - year(birth_date)))::date
            else (birth_date + to_years(year($as_of) - year(birth_date) + 1))::date
        end) end as birthday_in_days,
        gender, city, region, source, first_channel, acquisition_channel, registered_at,
        consent_email, consent_sms, manager, interests, profession, marital_status,
        first_order_date, last_order_date, orders, revenue, aov, recency_days, tenure_days,
        orders_365, revenue_365, discount_orders,
        discount_orders / nullif(orders, 0) as discount_share,
        orders >= 2 and discount_orders / orders >= $discount_buyer_share as discount_buyer,
        interactions, complaints, last_interaction_date, last_interaction_type, last_nps,
        base_type, temperature, lifecycle,
        cast(r_score as integer) as r_score,
        cast(f_score as integer) as f_score,
        cast(m_score as integer) as m_score,
        rfm_segment, abc_class,
    from classified
)

select * from final
