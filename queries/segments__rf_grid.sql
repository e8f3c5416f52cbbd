-- purpose: a segment's buyers on the R x F grid (recency score by frequency score, 1-5 each)
-- params: none (the segment's conditions fill {{where}} with their own bound values)
-- returns: r_score, f_score, customers, revenue
-- fragments: where = core.segments.rules:WHERE_NAMES
with

segment as (
    select r_score, f_score, revenue
    from segment_model
    where {{where}} and r_score is not null and f_score is not null
),

final as (
    select
        r_score,
        f_score,
        count(*) as customers,
        coalesce(sum(revenue), 0) as revenue,
    from segment
    group by r_score, f_score
)

select * from final
order by r_score, f_score
