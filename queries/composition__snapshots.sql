-- purpose: base-type composition at several dates (month ends) in one pass: every contact's state
--          at each date from running order totals (as-of joins), classified by the rules of
--          core/customers.py (queries/macros__base_type.sql) with the context's thresholds
-- params: $dates, $inactive_days, $vip_share, $vip_min_revenue
-- returns: snapshot, base_type, customers
with

snapshots as (
    select distinct cast(unnest($dates) as date) as snapshot
),

daily as (
    -- completed orders per customer and day with running totals up to and including that day
    select
        customer_id,
        order_date,
        sum(count(*)) over running as orders_cum,
        sum(sum(amount)) over running as revenue_cum,
    from completed_orders
    where order_date <= (select max(snapshot) from snapshots)
    group by customer_id, order_date
    window running as (partition by customer_id order by order_date
                       rows between unbounded preceding and current row)
),

buyers as (
    select customer_id, min(order_date) as first_order_date
    from daily
    group by customer_id
),

profiles as (
    select
        customer_id,
        registered_at,
        mailing_profile(consent_email, consent_sms, birth_date, gender, city) as mailing_profile,
    from customers
    qualify row_number() over (partition by customer_id order by registered_at desc nulls last) = 1
),

people as (
    select
        customer_id,
        profiles.customer_id is not null as has_profile,
        profiles.registered_at,
        coalesce(profiles.mailing_profile, false) as mailing_profile,
        buyers.first_order_date,
    from profiles
    full join buyers using (customer_id)
),

members as (
    -- the contacts as of each snapshot (see the customer model)
    select
        snapshots.snapshot,
        snapshots.snapshot - 365 as year_ago,
        people.customer_id,
        people.mailing_profile,
    from snapshots
    join people
        on (people.has_profile and (people.registered_at is null or people.registered_at <= snapshots.snapshot))
        or people.first_order_date <= snapshots.snapshot
),

at_snapshot as (
    select members.*, daily.order_date as last_order_date, daily.orders_cum, daily.revenue_cum,
    from members
    asof left join daily
        on members.customer_id = daily.customer_id and members.snapshot >= daily.order_date
),

facts as (
    select
        at_snapshot.snapshot,
        at_snapshot.mailing_profile,
        coalesce(at_snapshot.orders_cum, 0) as orders,
        date_diff('day', at_snapshot.last_order_date, at_snapshot.snapshot) as recency_days,
        coalesce(at_snapshot.orders_cum, 0) - coalesce(year_before.orders_cum, 0) as orders_365,
        round(coalesce(at_snapshot.revenue_cum, 0) - coalesce(year_before.revenue_cum, 0), 4) as revenue_365,
    from at_snapshot
    asof left join daily as year_before
        on at_snapshot.customer_id = year_before.customer_id and at_snapshot.year_ago >= year_before.order_date
),

ranked as (
    select
        facts.*,
        case when orders_365 > 0 then rank() over (
            partition by snapshot, orders_365 > 0 order by revenue_365 desc) end as revenue_rank,
        sum(case when orders_365 > 0 then 1 else 0 end) over (partition by snapshot) as buyers_365,
    from facts
),

classified as (
    select
        snapshot,
        -- the rules: queries/macros__base_type.sql
        base_type_of(
            orders, mailing_profile, recency_days, $inactive_days, orders_365, revenue_365,
            revenue_rank <= ceil(greatest($vip_share, 0) * buyers_365 - 1e-9), $vip_min_revenue
        ) as base_type,
    from ranked
),

final as (
    select snapshot, base_type, count(*) as customers,
    from classified
    group by snapshot, base_type
)

select * from final order by snapshot, base_type
