-- purpose: base-type composition at several dates (month ends) in one pass over the orders (per customer
--          and day: customer_days): each contact's state at each date from their orders by date segment
--          (queries/macros__date_segments.sql: bought in the year before it, in the last inactive days,
--          revenue of the year) and their first and second order dates, classified by the rules of
--          core/customers.py (queries/macros__base_type.sql) with the context's thresholds; at most 42 dates
-- params: $dates, $inactive_days, $vip_share, $vip_min_revenue
-- returns: snapshot, base_type, customers
with

snapshots as (
    select distinct cast(unnest($dates) as date) as snapshot
),

cuts as (
    -- each snapshot's year [D - 364, D] and recent days [D - inactive days, D] as segments
    -- (queries/macros__date_segments.sql)
    select list_sort(list_distinct(flatten(list([snapshot - 364, snapshot - $inactive_days::integer, snapshot + 1]))))
        as cuts
    from snapshots
),

windows as (
    select
        snapshots.snapshot,
        window_bits(cuts.cuts, snapshots.snapshot - 364, snapshots.snapshot) as year_bits,
        window_bits(cuts.cuts, snapshots.snapshot - $inactive_days::integer, snapshots.snapshot) as recent_bits,
        segment_of(cuts.cuts, snapshots.snapshot - 364) as year_first,
        segment_of(cuts.cuts, snapshots.snapshot + 1) - 1 as year_last,
    from snapshots
    cross join cuts
),

customer_segments as (
    -- one pass over the completed orders per customer and day (the step customer_days), grouped by its
    -- integer key: each customer's revenue by segment
    select customer_days.customer_key, days.s, any_value(customer_days.customer_id) as customer_id,
        sum(customer_days.revenue) as revenue,
    from customer_days
    join segment_days((select cuts from cuts)) as days on customer_days.order_date = days.day
    group by customer_days.customer_key, days.s
),

customer_bits as (
    -- the segments each customer bought in, their revenue by segment
    select any_value(customer_id) as customer_id, bit_or(segment_bit(s)) as bits,
        list({'s': s, 'revenue': revenue}) as revenues,
    from customer_segments
    group by customer_key
),

profiles as (
    select
        customer_id,
        registered_at,
        coalesce(consent_email, false) as consent_email,
        coalesce(consent_sms, false) as consent_sms,
        birth_date is null and gender is null and city is null as bare,
    from customers
    qualify row_number() over (partition by customer_id order by registered_at desc nulls last) = 1
),

unsubscribed as (
    -- the first unsubscribe per channel: consent is withdrawn from that date (as in the customer model)
    select
        customer_id,
        min(sent_date) filter (where channel = 'email') as email_from,
        min(sent_date) filter (where channel = 'sms') as sms_from,
    from contact_events
    where unsubscribed
    group by customer_id
),

people as (
    select
        customer_id,
        profiles.customer_id is not null as has_profile,
        profiles.registered_at,
        coalesce(profiles.consent_email, false) as consent_email,
        coalesce(profiles.consent_sms, false) as consent_sms,
        coalesce(profiles.bare, false) as bare,
        unsubscribed.email_from,
        unsubscribed.sms_from,
        firsts.first_order_date,
        firsts.second_order_date,
        customer_bits.bits,
        customer_bits.revenues,
    from profiles
    full join customer_acquisition as firsts using (customer_id)
    left join customer_bits using (customer_id)
    left join unsubscribed using (customer_id)
),

facts as (
    -- the contacts as of each snapshot (see the customer model)
    select
        windows.snapshot,
        -- queries/macros__base_type.sql: mailing_profile with the consents as of the snapshot
        people.bare and ((people.consent_email and coalesce(people.email_from > windows.snapshot, true))
            or (people.consent_sms and coalesce(people.sms_from > windows.snapshot, true))) as mailing_profile,
        case when people.first_order_date <= windows.snapshot then
            case when people.second_order_date <= windows.snapshot then 2 else 1 end else 0 end as orders,
        coalesce(people.bits & windows.recent_bits, 0) = 0 as inactive,
        coalesce(people.bits & windows.year_bits, 0) <> 0 as bought_365,
        case when people.bits & windows.year_bits <> 0 then round(list_sum(list_transform(list_filter(people.revenues,
            lambda r: r.s between windows.year_first and windows.year_last), lambda r: r.revenue)), 4) end as revenue_365,
    from windows
    join people
        on (people.has_profile and (people.registered_at is null or people.registered_at <= windows.snapshot))
        or people.first_order_date <= windows.snapshot
),

buyers as (
    -- per snapshot, the buyers of its year and how many of them the VIP share takes: ceil(share x buyers)
    select snapshot, least(ceil(greatest($vip_share, 0) * count(*) - 1e-9), count(*))::bigint as top,
    from facts
    where bought_365
    group by snapshot
),

vip_cuts as (
    -- per snapshot, the revenue of the last customer inside the top ceil(share x buyers of the year): the
    -- smallest of the `top` largest revenues (max(x, n): the n largest, no sort of every buyer)
    select facts.snapshot, list_min(max(facts.revenue_365, buyers.top)) as cut_revenue
    from facts
    join buyers on buyers.snapshot = facts.snapshot and buyers.top >= 1
    where facts.bought_365
    group by facts.snapshot
),

classified as (
    select
        facts.snapshot,
        -- the rules: queries/macros__base_type.sql (recency above the threshold = no order in the recent days)
        base_type_of(
            facts.orders, facts.mailing_profile, case when facts.inactive then $inactive_days::integer + 1 else 0 end,
            $inactive_days, facts.bought_365::integer, facts.revenue_365, facts.revenue_365 >= vip_cuts.cut_revenue,
            $vip_min_revenue
        ) as base_type,
    from facts
    left join vip_cuts using (snapshot)
),

final as (
    select snapshot, base_type, count(*) as customers,
    from classified
    group by snapshot, base_type
)

select * from final order by snapshot, base_type
