-- purpose: NPS of scored interactions (score 0-10) dated in the period, by month or by a customer
--          dimension (identifier from the allow-list in core/metrics): answers, promoters (9-10),
--          detractors (0-6), NPS = 100 x (promoters - detractors) / answers
-- params: $start, $end
-- returns: value, answers, promoters, detractors, nps
-- identifiers: metrics_dimension = core.metrics:METRIC_DIMENSIONS
with

scored as (
    select customer_id, date, score
    from interactions
    where score between 0 and 10
      and date between $start and $end
),

cities as (
    -- an id the export repeats with different cities: the greatest (a fixed choice on every run)
    select customer_id, max(city) as city
    from customers
    group by customer_id
),

enriched as (
    select
        date_trunc('month', scored.date)::date as month,
        scored.score,
        nullif(trim(cities.city), '') as city,
        customer_acquisition.acquisition_channel,
    from scored
    left join cities using (customer_id)
    left join customer_acquisition using (customer_id)
),

final as (
    select
        {{metrics_dimension}} as value,
        count(*) as answers,
        count(*) filter (where score >= 9) as promoters,
        count(*) filter (where score <= 6) as detractors,
        100.0 * (count(*) filter (where score >= 9) - count(*) filter (where score <= 6)) / count(*) as nps,
    from enriched
    group by all
    order by value
)

select * from final
