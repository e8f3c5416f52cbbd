-- purpose: a segment's customers by days since the last completed order, in fixed bins
--          (bin 0 = never bought; then 0-30, 31-60, 61-90, 91-180, 181-365, 366-730, over 730 days)
-- params: none (the segment's conditions fill {{where}} with their own bound values)
-- returns: bin, customers, revenue
with

segment as (
    select recency_days, revenue
    from customer_model
    where {{where}}
),

binned as (
    select
        case
            when recency_days is null then 0
            when recency_days <= 30 then 1
            when recency_days <= 60 then 2
            when recency_days <= 90 then 3
            when recency_days <= 180 then 4
            when recency_days <= 365 then 5
            when recency_days <= 730 then 6
            else 7
        end as bin,
        revenue,
    from segment
),

final as (
    select
        bin,
        count(*) as customers,
        coalesce(sum(revenue), 0) as revenue,
    from binned
    group by bin
)

select * from final
order by bin
