-- purpose: NPS of scored interactions (score 0-10) dated in the period by the customer's base type in
--          the customer model: answers, promoters (9-10), detractors (0-6), NPS in points
-- params: $start, $end
-- returns: value, answers, promoters, detractors, nps
with

scored as (
    select customer_id, score
    from interactions
    where score between 0 and 10
      and date between $start and $end
),

types as (
    select customer_id, base_type
    from customer_model
),

final as (
    select
        types.base_type as value,
        count(*) as answers,
        count(*) filter (where scored.score >= 9) as promoters,
        count(*) filter (where scored.score <= 6) as detractors,
        100.0 * (count(*) filter (where scored.score >= 9) - count(*) filter (where scored.score <= 6))
            / count(*) as nps,
    from scored
    left join types using (customer_id)
    group by all
    order by value
)

select * from final
