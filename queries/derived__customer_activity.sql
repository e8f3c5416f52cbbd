-- purpose: what every customer did up to the analysis date, on narrow rows (id and numbers): order
--          facts, the first order's channel and last order's manager (in the order of
--          queries/macros__order_sequence.sql), the RFM ranks and ABC revenue share among buyers, and
--          interaction facts; the part of the customer model that depends on the date only, so a
--          threshold change reuses it. Built for the latest order date it holds every order, and
--          customer_acquisition takes the first orders from it.
-- params: $as_of
-- returns: customer_id, first_order_date, second_order_date, last_order_date, orders, revenue,
--          orders_365, revenue_365, discount_orders, first_channel, last_manager, r_score, f_score,
--          m_score, revenue_share_before, interactions, complaints, last_interaction_date,
--          last_interaction_type, last_nps, last_complaint_date, last_detractor_date, last_unsubscribe_date,
--          categories, top_category, top_category_share, distinct_categories, interval_mean_365,
--          interval_cv_365, interactions_365
with

completed as (
    select customer_id, order_date, order_ts, amount, discount, nullif(trim(channel), '') as channel, manager
    from completed_orders
    where order_date <= $as_of
),

channels as (
    -- the channel names (trimmed, empty = none) ranked alphabetically, so the first order's channel rides
    -- on one number with the order's moment
    select channel, row_number() over (order by channel) as rank, count(*) over () as ranks,
    from (select distinct nullif(trim(channel), '') as channel from completed_orders where order_date <= $as_of)
    where channel is not null
),

managers as (
    -- the same for the last order's manager
    select manager, row_number() over (order by manager) as rank, count(*) over () as ranks,
    from (select distinct manager from completed_orders where manager is not null and order_date <= $as_of)
),

radixes as (
    select
        pick_radix(coalesce((select max(ranks) from channels), 0)) as channel_radix,
        pick_radix(coalesce((select max(ranks) from managers), 0)) as manager_radix,
),

facts as (
    select
        completed.customer_id,
        min(completed.order_date) as first_order_date,
        -- the two earliest dates, repeats kept: the second order's date
        min(completed.order_date, 2)[2] as second_order_date,
        max(completed.order_date) as last_order_date,
        count(*) as orders,
        -- rounded, so equal revenues compare equal however their sums were formed (M and VIP ties)
        round(sum(completed.amount), 4) as revenue,
        count(*) filter (where completed.order_date > $as_of - 365) as orders_365,
        round(coalesce(sum(completed.amount) filter (where completed.order_date > $as_of - 365), 0), 4)
            as revenue_365,
        count(*) filter (where completed.discount > 0) as discount_orders,
        -- the first order's channel (none when it names none) and the last order naming a manager
        min(pick_first(completed.order_date, completed.order_ts, channels.rank, radixes.channel_radix))
            as first_pick,
        max(pick_last(completed.order_date, completed.order_ts, managers.rank, radixes.manager_radix))
            filter (where managers.rank is not null) as last_pick,
    from completed
    left join channels using (channel)
    left join managers using (manager)
    cross join radixes
    group by completed.customer_id
),

buyers as (
    select
        facts.* exclude (first_pick, last_pick),
        channels.channel as first_channel,
        managers.manager as last_manager,
    from facts
    cross join radixes
    left join channels on channels.rank = first_rank(facts.first_pick, radixes.channel_radix)
    left join managers on managers.rank = last_rank(facts.last_pick, radixes.manager_radix)
),

buyer_totals as (
    select count(*) as buyers, sum(revenue) as total_revenue,
    from buyers
),

recency_ranks as (
    -- percent_rank by recency (oldest last order first) = buyers with an older last order / (buyers - 1),
    -- counted over the few distinct dates instead of ranked over every buyer
    select
        last_order_date,
        coalesce(sum(count(*)) over (order by last_order_date
            rows between unbounded preceding and 1 preceding), 0) as before,
    from buyers
    group by last_order_date
),

frequency_ranks as (
    -- the same by number of orders (fewest first)
    select
        orders,
        coalesce(sum(count(*)) over (order by orders
            rows between unbounded preceding and 1 preceding), 0) as before,
    from buyers
    group by orders
),

by_revenue as (
    -- one sort of the buyers in the ABC order (revenue from the highest, ties by id): those before a buyer
    -- are those above them, summed as a running total; position counts from the lowest revenue. Narrow
    -- rows: a sort carrying every column costs twice as much
    select
        customer_id,
        revenue,
        count(*) over () + 1 - row_number() over by_revenue as position,
        coalesce(sum(revenue) over (by_revenue rows between unbounded preceding and 1 preceding), 0)
            as revenue_above,
    from buyers
    window by_revenue as (order by revenue desc, customer_id)
),

monetary_cuts as (
    -- M = 1 + floor(5 x percent rank) reaches k + 1 when at least k(buyers - 1)/5 buyers spend less, i.e.
    -- when the revenue is above that of the buyer at position ceil(k(buyers - 1)/5)
    select
        max(revenue) filter (where position = (1 * (buyers - 1) + 4) // 5) as cut_1,
        max(revenue) filter (where position = (2 * (buyers - 1) + 4) // 5) as cut_2,
        max(revenue) filter (where position = (3 * (buyers - 1) + 4) // 5) as cut_3,
        max(revenue) filter (where position = (4 * (buyers - 1) + 4) // 5) as cut_4,
    from by_revenue
    cross join buyer_totals
),

scored as (
    select
        buyers.*,
        cast(least(5, 1 + floor(5 * (cast(recency_ranks.before as double)
            / greatest(buyer_totals.buyers - 1, 1)))) as integer) as r_score,
        cast(least(5, 1 + floor(5 * (cast(frequency_ranks.before as double)
            / greatest(buyer_totals.buyers - 1, 1)))) as integer) as f_score,
        cast(1 + coalesce(buyers.revenue > cut_1, false)::int + coalesce(buyers.revenue > cut_2, false)::int
            + coalesce(buyers.revenue > cut_3, false)::int + coalesce(buyers.revenue > cut_4, false)::int
            as integer) as m_score,
        by_revenue.revenue_above / nullif(buyer_totals.total_revenue, 0) as revenue_share_before,
    from buyers
    join by_revenue using (customer_id)
    join recency_ranks using (last_order_date)
    join frequency_ranks using (orders)
    cross join buyer_totals
    cross join monetary_cuts
),

order_gaps as (
    -- days between consecutive completed orders of the 365 days up to D (0 for two orders on one day)
    select
        customer_id,
        date_diff('day', lag(order_date) over (partition by customer_id order by order_date), order_date) as gap,
    from completed
    where order_date > $as_of - 365
),

rhythm as (
    -- how regular the buying is: the mean gap and its coefficient of variation (population standard deviation
    -- / mean; null with fewer than two gaps or a mean of 0)
    select
        customer_id,
        avg(gap) as interval_mean_365,
        case when count(gap) >= 2 and avg(gap) > 0 then stddev_pop(gap) / avg(gap) end as interval_cv_365,
    from order_gaps
    where gap is not null
    group by customer_id
),

category_facts as (
    -- what each customer bought by top-level category (customer_categories: the lines of their completed
    -- orders up to D, an order without lines by its own category): categories by revenue (largest first, ties
    -- alphabetical), the top one and its share of the customer's category revenue (0 when that revenue is not
    -- positive), the number of distinct categories. Revenue is compared in kopecks: a sum of floating-point
    -- amounts depends on the order it was added in (threads, engines), and equal sums must tie
    select
        customer_id,
        string_agg(category, ', ' order by round(revenue, 2) desc, category) as categories,
        first(category order by round(revenue, 2) desc, category) as top_category,
        coalesce(max(revenue) / nullif(sum(revenue), 0), 0) as top_category_share,
        count(*) as distinct_categories,
    from customer_categories
    group by customer_id
),

negative_reactions as (
    -- the negative reactions temperature counts (core/customers.py), the one place that lists them: complaints,
    -- answers scored 0-6 (NPS detractors) and unsubscribes: interactions of type 'unsubscribe'
    -- (core.datasets.UNSUBSCRIBE_TYPE) and messages of the communications dataset marked unsubscribed
    -- (contact_events, matched to the customer by id, e-mail or phone)
    select customer_id, date, 'complaint' as kind from interactions where type = 'complaint' and date <= $as_of
    union all
    select customer_id, date, 'detractor' as kind from interactions where score <= 6 and date <= $as_of
    union all
    select customer_id, date, 'unsubscribe' as kind from interactions where type = 'unsubscribe' and date <= $as_of
    union all
    select customer_id, sent_date, 'unsubscribe' as kind from contact_events where unsubscribed and sent_date <= $as_of
),

negative_facts as (
    select
        customer_id,
        max(date) filter (where kind = 'complaint') as last_complaint_date,
        max(date) filter (where kind = 'detractor') as last_detractor_date,
        max(date) filter (where kind = 'unsubscribe') as last_unsubscribe_date,
    from negative_reactions
    group by customer_id
),

interaction_facts as (
    select
        customer_id,
        count(*) as interactions,
        count(*) filter (where type = 'complaint') as complaints,
        count(*) filter (where date > $as_of - 365) as interactions_365,
        max(date) as last_interaction_date,
        -- several interactions on the last date: the type (and the score) that sorts last, so every engine
        -- and every run picks the same one (the date alone leaves the pick to the engine's row order)
        arg_max(type, (date, type)) as last_interaction_type,
        arg_max(score, (date, score)) filter (where score is not null) as last_nps,
    from interactions
    where date <= $as_of
    group by customer_id
),

contact_facts as (
    -- a full join: an unsubscribe from a mailing is a negative reaction of a customer with no interaction
    select customer_id, interaction_facts.* exclude (customer_id), negative_facts.* exclude (customer_id)
    from interaction_facts
    full join negative_facts using (customer_id)
),

final as (
    select
        customer_id,
        scored.first_order_date,
        scored.second_order_date,
        scored.last_order_date,
        coalesce(scored.orders, 0) as orders,
        coalesce(scored.revenue, 0) as revenue,
        coalesce(scored.orders_365, 0) as orders_365,
        coalesce(scored.revenue_365, 0) as revenue_365,
        coalesce(scored.discount_orders, 0) as discount_orders,
        scored.first_channel,
        scored.last_manager,
        scored.r_score,
        scored.f_score,
        scored.m_score,
        scored.revenue_share_before,
        coalesce(contact_facts.interactions, 0) as interactions,
        coalesce(contact_facts.complaints, 0) as complaints,
        contact_facts.last_interaction_date,
        contact_facts.last_interaction_type,
        contact_facts.last_nps,
        contact_facts.last_complaint_date,
        contact_facts.last_detractor_date,
        contact_facts.last_unsubscribe_date,
        category_facts.categories,
        category_facts.top_category,
        category_facts.top_category_share,
        coalesce(category_facts.distinct_categories, 0) as distinct_categories,
        rhythm.interval_mean_365,
        rhythm.interval_cv_365,
        coalesce(contact_facts.interactions_365, 0) as interactions_365,
    from scored
    full join contact_facts using (customer_id)
    left join category_facts using (customer_id)
    left join rhythm using (customer_id)
)

select * from final
