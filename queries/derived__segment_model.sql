-- purpose: what the segment builder scans: the customer model with each customer's CLV scores
--          (null without scores) and the cell of the builder's figures, so a segment is one scan
--          of one table. segment_cell = 64 x base-type code + 8 x recency bin + revenue bin; the
--          base-type code is 1 + the position in core.customers.BASE_TYPES (0 unknown); recency
--          bins: 0 never bought, then up to 30, 60, 90, 180, 365, 730 days, 7 over 730 days;
--          revenue bins: 0 never bought, then under 1 000, 3 000, 10 000, 30 000, 100 000, 6 from
--          100 000 (lower ends included). Reads customer_model, so it has a variant for every
--          analysis date and thresholds the model has one for.
-- params: none
-- returns: every column of customer_model, p_alive, predicted_clv, expected_purchases, at_risk,
--          segment_cell
with

model as (
    select * from customer_model
),

scores as (
    select customer_id, p_alive, predicted_clv, expected_purchases, at_risk
    from clv_scores
),

binned as (
    select
        model.*,
        scores.p_alive,
        scores.predicted_clv,
        scores.expected_purchases,
        scores.at_risk,
        coalesce(list_position(['vip', 'active', 'working', 'inactive', 'potential', 'mailing'],
                               model.base_type), 0) as type_code,
        case
            when model.orders = 0 then 0
            when model.recency_days <= 30 then 1
            when model.recency_days <= 60 then 2
            when model.recency_days <= 90 then 3
            when model.recency_days <= 180 then 4
            when model.recency_days <= 365 then 5
            when model.recency_days <= 730 then 6
            else 7
        end as recency_bin,
        case
            when model.orders = 0 then 0
            when model.revenue < 1000 then 1
            when model.revenue < 3000 then 2
            when model.revenue < 10000 then 3
            when model.revenue < 30000 then 4
            when model.revenue < 100000 then 5
            else 6
        end as revenue_bin,
    from model
    left join scores on scores.customer_id = model.customer_id
),

final as (
    select
        * exclude (type_code, recency_bin, revenue_bin),
        cast(type_code * 64 + recency_bin * 8 + revenue_bin as smallint) as segment_cell,
    from binned
)

select * from final
