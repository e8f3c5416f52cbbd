-- purpose: the overview's composition as of the analysis date, base types and ABC classes, with the
--          definitions of the customer model (queries/derived__customer_model.sql, the rules in
--          queries/macros__base_type.sql) but from the orders (per customer and day: customer_days), the
--          profiles and the unsubscribes alone: at
--          a date never asked for, the model's tables for it (categories, interactions, activity) are not
--          built for this; equal to composition__by_dimension over the model at every date and thresholds
--          (tests/core/test_overview_any_date.py); and, in the same pass, the base types as of $before (the day
--          before the period, for the overview's sentences; at most $as_of) as the dimension base_type_before,
--          equal to this query's base_type at $before
-- params: $as_of, $before, $inactive_days, $vip_share, $vip_min_revenue, $abc_a_share, $abc_b_share
-- returns: dimension, value, customers, revenue, revenue_365, customer_share, revenue_share
with

buyers as (
    -- the order facts of customer_activity (queries/derived__customer_activity.sql), rounded as there, from
    -- the completed orders per customer and day (the step customer_days), grouped by its integer key
    select
        any_value(customer_id) as customer_id,
        max(order_date) as last_order_date,
        sum(orders) as orders,
        round(sum(revenue), 4) as revenue,
        coalesce(sum(orders) filter (where order_date > $as_of - 365), 0) as orders_365,
        round(coalesce(sum(revenue) filter (where order_date > $as_of - 365), 0), 4) as revenue_365,
        -- the same as of $before (<= $as_of): zero for a customer whose first order came later
        max(order_date) filter (where order_date <= $before) as last_order_date_before_day,
        coalesce(sum(orders) filter (where order_date <= $before), 0) as orders_before_day,
        round(coalesce(sum(revenue) filter (where order_date <= $before), 0), 4) as revenue_before_day,
        coalesce(sum(orders) filter (where order_date <= $before and order_date > $before - 365), 0)
            as orders_365_before_day,
        round(coalesce(sum(revenue) filter (where order_date <= $before and order_date > $before - 365), 0), 4)
            as revenue_365_before_day,
    from customer_days
    where order_date <= $as_of
    group by customer_key
),

buyer_totals as (
    select sum(revenue) as total_revenue from buyers
),

ranked as (
    -- each buyer with ABC's figure: the revenue of the buyers above them (revenue from the highest, ties by
    -- id) / all buyers' (beside the buyer's own columns: one join with the profiles, not two)
    select
        buyers.*,
        coalesce(sum(revenue) over (order by revenue desc, customer_id rows between unbounded preceding
            and 1 preceding), 0) / nullif((select total_revenue from buyer_totals), 0) as revenue_share_before,
    from buyers
),

buyers_365 as (
    select revenue_365 from buyers where orders_365 > 0
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

vip_cut_before_day as (
    -- the same cut as of $before
    select min(revenue_365_before_day) as cut_revenue
    from (
        select revenue_365_before_day
        from buyers
        where orders_365_before_day > 0
        order by revenue_365_before_day desc
        limit (select cast(ceil(greatest($vip_share, 0) * count(*) - 1e-9) as bigint) from buyers
               where orders_365_before_day > 0)
    )
),

profiles as (
    -- one profile per customer id, the one the customer model keeps (queries/macros__profiles.sql)
    select * from latest_profiles()
),

unsubscribed as (
    -- channels a customer unsubscribed from on or before D (core/communications.py): consent withdrawn
    select
        customer_id,
        bool_or(channel = 'email') as email,
        bool_or(channel = 'sms') as sms,
        coalesce(bool_or(channel = 'email') filter (where sent_date <= $before), false) as email_before_day,
        coalesce(bool_or(channel = 'sms') filter (where sent_date <= $before), false) as sms_before_day,
    from contact_events
    where unsubscribed and sent_date <= $as_of
    group by customer_id
),

contacts as (
    -- the customers dataset as it stood on D, plus every buyer up to D
    select
        coalesce(buyers.orders, 0) as orders,
        coalesce(buyers.revenue, 0) as revenue,
        coalesce(buyers.orders_365, 0) as orders_365,
        coalesce(buyers.revenue_365, 0) as revenue_365,
        date_diff('day', buyers.last_order_date, $as_of) as recency_days,
        buyers.revenue_share_before,
        mailing_profile(
            coalesce(profiles.consent_email, false) and not coalesce(unsubscribed.email, false),
            coalesce(profiles.consent_sms, false) and not coalesce(unsubscribed.sms, false),
            profiles.birth_date, profiles.gender, profiles.city
        ) as mailing,
        -- a contact on $before too (the buyers up to then and the profiles registered by then)
        coalesce(buyers.orders_before_day, 0) > 0
            or (profiles.customer_id is not null
                and (profiles.registered_at is null or profiles.registered_at <= $before))
            as contact_before_day,
        coalesce(buyers.orders_before_day, 0) as orders_before_day,
        coalesce(buyers.revenue_before_day, 0) as revenue_before_day,
        coalesce(buyers.orders_365_before_day, 0) as orders_365_before_day,
        coalesce(buyers.revenue_365_before_day, 0) as revenue_365_before_day,
        date_diff('day', buyers.last_order_date_before_day, $before) as recency_days_before_day,
        mailing_profile(
            coalesce(profiles.consent_email, false) and not coalesce(unsubscribed.email_before_day, false),
            coalesce(profiles.consent_sms, false) and not coalesce(unsubscribed.sms_before_day, false),
            profiles.birth_date, profiles.gender, profiles.city
        ) as mailing_before_day,
    from profiles
    full join ranked as buyers using (customer_id)
    left join unsubscribed using (customer_id)
    where buyers.orders > 0
        or (profiles.customer_id is not null
            and (profiles.registered_at is null or profiles.registered_at <= $as_of))
),

classified as (
    select
        revenue,
        revenue_365,
        base_type_of(
            orders, mailing, recency_days, $inactive_days, orders_365, revenue_365,
            revenue_365 >= (select cut_revenue from vip_cut), $vip_min_revenue
        ) as base_type,
        case
            when orders = 0 then null
            when revenue_share_before < $abc_a_share then 'A'
            when revenue_share_before < $abc_b_share then 'B'
            else 'C'
        end as abc_class,
        revenue_before_day,
        revenue_365_before_day,
        case when contact_before_day then base_type_of(
            orders_before_day, mailing_before_day, recency_days_before_day, $inactive_days, orders_365_before_day,
            revenue_365_before_day, revenue_365_before_day >= (select cut_revenue from vip_cut_before_day),
            $vip_min_revenue
        ) end as base_type_before_day,
    from contacts
),

grouped as (
    select 'base_type' as dimension, base_type as value, count(*) as customers,
        coalesce(sum(revenue), 0) as revenue, coalesce(sum(revenue_365), 0) as revenue_365,
    from classified
    group by base_type
    union all
    select 'abc_class' as dimension, abc_class as value, count(*) as customers,
        coalesce(sum(revenue), 0) as revenue, coalesce(sum(revenue_365), 0) as revenue_365,
    from classified
    where abc_class is not null
    group by abc_class
    union all
    select 'base_type_before' as dimension, base_type_before_day as value, count(*) as customers,
        coalesce(sum(revenue_before_day), 0) as revenue, coalesce(sum(revenue_365_before_day), 0) as revenue_365,
    from classified
    where base_type_before_day is not null
    group by base_type_before_day
),

final as (
    select
        dimension,
        value,
        customers,
        revenue,
        revenue_365,
        100.0 * customers / nullif(sum(customers) over (partition by dimension), 0) as customer_share,
        100.0 * revenue / nullif(sum(revenue) over (partition by dimension), 0) as revenue_share,
    from grouped
    where value is not null
)

select * from final order by dimension, value
