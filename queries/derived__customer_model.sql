-- purpose: the customer model: one row per contact as of the analysis date with order facts,
--          profile, consent, interactions and every classification (base type, temperature,
--          lifecycle, RFM, ABC, discount-driven, behaviour type); consent is withdrawn for a channel by an
--          unsubscribe on or before D (contact_events); see core/customers.py for the definitions
-- params: $as_of, $inactive_days, $vip_share, $vip_min_revenue, $hot_days, $warm_days, $negative_days,
--         $hot_min_orders, $new_days, $lost_days, $abc_a_share, $abc_b_share, $discount_buyer_share,
--         $behaviour_min_orders, $loyal_min_score, $purposeful_max_cv, $purposeful_min_share,
--         $impulsive_min_cv, $impulsive_min_categories, $curious_min_interactions
-- returns: customer_id, name, email, phone, birth_date, age, birthday_in_days, gender, city, region,
--          source, first_channel, acquisition_channel, registered_at, consent_email, consent_sms,
--          manager, interests, profession, marital_status, first_order_date, last_order_date,
--          orders, revenue, aov, recency_days, tenure_days, orders_365, revenue_365,
--          discount_orders, discount_share, discount_buyer, interactions, complaints,
--          last_interaction_date, last_interaction_type, last_nps, last_negative_date, categories, top_category,
--          top_category_share, distinct_categories, interval_cv_365, interactions_365, behaviour_type,
--          base_type, temperature, lifecycle, r_score, f_score, m_score, rfm_segment, abc_class
-- What depends on the date only comes from customer_activity (narrow rows); the wide profile is joined
-- once, so no sort or join carries it.
with

activity as (
    select * from customer_activity
),

buyers_365 as (
    select revenue_365 from activity where orders_365 > 0
),

vip_cut as (
    -- the revenue of the last customer inside the top ceil(share x buyers of the last 365 days)
    select min(revenue_365) as cut_revenue
    from (
        select revenue_365
        from buyers_365
        order by revenue_365 desc
        limit (select cast(ceil(greatest($vip_share, 0) * count(*) - 1e-9) as bigint) from buyers_365)
    )
),

check_median as (
    -- the median of the buyers' average checks over the 365 days up to D ("small orders" are below it)
    select median(revenue_365 / orders_365) as median_check_365 from activity where orders_365 > 0
),

profiles as (
    -- one profile per customer id (queries/macros__profiles.sql)
    select * from latest_profiles()
),

unsubscribed as (
    -- channels a customer unsubscribed from on or before D (core/communications.py): consent withdrawn
    select
        customer_id,
        bool_or(channel = 'email') as email,
        bool_or(channel = 'sms') as sms
    from contact_events
    where unsubscribed and sent_date <= $as_of
    group by customer_id
),

joined as (
    -- the contacts: the customers dataset as it stood on D (no registration date: always), plus every
    -- buyer up to D
    select
        customer_id,
        profiles.name,
        profiles.email,
        profiles.phone,
        profiles.birth_date,
        profiles.gender,
        profiles.city,
        profiles.region,
        profiles.source,
        activity.first_channel,
        coalesce(profiles.source, activity.first_channel) as acquisition_channel,
        profiles.registered_at,
        coalesce(profiles.consent_email, false) and not coalesce(unsubscribed.email, false) as consent_email,
        coalesce(profiles.consent_sms, false) and not coalesce(unsubscribed.sms, false) as consent_sms,
        coalesce(profiles.manager, activity.last_manager) as manager,
        profiles.interests,
        profiles.profession,
        profiles.marital_status,
        activity.first_order_date,
        activity.last_order_date,
        coalesce(activity.orders, 0) as orders,
        coalesce(activity.revenue, 0) as revenue,
        activity.revenue / nullif(activity.orders, 0) as aov,
        date_diff('day', activity.last_order_date, $as_of) as recency_days,
        date_diff('day', activity.first_order_date, $as_of) as tenure_days,
        coalesce(activity.orders_365, 0) as orders_365,
        coalesce(activity.revenue_365, 0) as revenue_365,
        coalesce(activity.discount_orders, 0) as discount_orders,
        coalesce(activity.interactions, 0) as interactions,
        coalesce(activity.complaints, 0) as complaints,
        activity.last_interaction_date,
        activity.last_interaction_type,
        activity.last_nps,
        -- the latest negative reaction (customer_activity's negative_reactions); greatest skips the missing
        greatest(activity.last_complaint_date, activity.last_detractor_date, activity.last_unsubscribe_date)
            as last_negative_date,
        activity.categories,
        activity.top_category,
        activity.top_category_share,
        coalesce(activity.distinct_categories, 0) as distinct_categories,
        activity.interval_cv_365,
        coalesce(activity.interactions_365, 0) as interactions_365,
        activity.r_score,
        activity.f_score,
        activity.m_score,
        activity.revenue_share_before,
    from profiles
    full join activity using (customer_id)
    left join unsubscribed using (customer_id)
    where activity.orders > 0
        or (profiles.customer_id is not null
            and (profiles.registered_at is null or profiles.registered_at <= $as_of))
),

classified as (
    select
        joined.*,
        -- the behaviour type (core/customers.py): the first that applies, or none
        case
            when orders >= 2 and discount_orders / orders >= $discount_buyer_share then 'discount'
            when orders_365 >= $behaviour_min_orders and interval_cv_365 <= $purposeful_max_cv
                and top_category_share >= $purposeful_min_share then 'purposeful'
            when orders_365 >= $behaviour_min_orders and interval_cv_365 >= $impulsive_min_cv
                and distinct_categories >= $impulsive_min_categories
                and revenue_365 / orders_365 < (select median_check_365 from check_median) then 'impulsive'
            when orders > 0 and r_score >= $loyal_min_score and f_score >= $loyal_min_score then 'loyal'
            when orders <= 1 and interactions_365 >= $curious_min_interactions then 'curious'
        end as behaviour_type,
        -- the rules: queries/macros__base_type.sql
        base_type_of(
            orders, mailing_profile(consent_email, consent_sms, birth_date, gender, city), recency_days,
            $inactive_days, orders_365, revenue_365, revenue_365 >= (select cut_revenue from vip_cut),
            $vip_min_revenue
        ) as base_type,
        -- temperature (core/customers.py): a negative reaction first, then buying regularly or again recently,
        -- then interest shown by an order or a contact
        case
            when last_negative_date >= $as_of - $negative_days then 'cold'
            when orders_365 >= $hot_min_orders and recency_days <= $warm_days then 'hot'
            when orders >= 2 and recency_days <= $hot_days then 'hot'
            when orders > 0 and recency_days <= $warm_days then 'warm'
            when last_interaction_date >= $as_of - $warm_days then 'warm'
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
    from joined
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
        interactions, complaints, last_interaction_date, last_interaction_type, last_nps, last_negative_date,
        categories, top_category, top_category_share, distinct_categories, interval_cv_365, interactions_365,
        behaviour_type, base_type, temperature, lifecycle, r_score, f_score, m_score, rfm_segment, abc_class,
    from classified
)

select * from final
