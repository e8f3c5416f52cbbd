-- purpose: base types under other thresholds (inactivity, VIP share, VIP minimum revenue) beside the
--          current ones, reclassified from the model's own facts (the rules of core/customers.py, queries/macros__base_type.sql)
-- params: $preview_inactive_days, $preview_vip_share, $preview_vip_min_revenue
-- returns: base_type, preview_type, customers
with

model as (
    select customer_id, base_type, orders, recency_days, orders_365, revenue_365
    from customer_model
),

ranked as (
    -- rank() gives everyone tying with the k-th buyer the rank of the first of them, so
    -- "rank <= k" is "in the top k or tying with the last of them"
    select
        model.*,
        case when orders_365 > 0 then rank() over (
            partition by orders_365 > 0 order by revenue_365 desc) end as revenue_rank,
        sum(case when orders_365 > 0 then 1 else 0 end) over () as buyers_365,
    from model
),

reclassified as (
    select
        base_type,
        -- the rules: queries/macros__base_type.sql (no order: mailing stays mailing, potential potential)
        base_type_of(
            orders, base_type = 'mailing', recency_days, $preview_inactive_days, orders_365, revenue_365,
            revenue_rank <= ceil(greatest($preview_vip_share, 0) * buyers_365 - 1e-9), $preview_vip_min_revenue
        ) as preview_type,
    from ranked
),

final as (
    select base_type, preview_type, count(*) as customers,
    from reclassified
    group by base_type, preview_type
)

select * from final order by base_type, preview_type
