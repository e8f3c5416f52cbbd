-- purpose: a segment's customers by lifetime revenue up to the analysis date, in fixed bins
--          (bin 0 = no revenue; then under 1 000, 1 000-3 000, 3 000-10 000, 10 000-30 000,
--          30 000-100 000, 100 000 and more; lower ends included)
-- params: none (the segment's conditions fill {{where}} with their own bound values)
-- returns: bin, customers, revenue
with

segment as (
    select revenue
    from customer_model
    where {{where}}
),

binned as (
    select
        case
            when revenue <= 0 then 0
            when revenue < 1000 then 1
            when revenue < 3000 then 2
            when revenue < 10000 then 3
            when revenue < 30000 then 4
            when revenue < 100000 then 5
            else 6
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
