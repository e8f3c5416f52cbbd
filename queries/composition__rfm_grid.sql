-- purpose: the R x F grid of buyers as of the analysis date: customers, revenue and segment per cell
-- params: none
-- returns: r_score, f_score, rfm_segment, customers, revenue, avg_m_score
with

buyers as (
    select r_score, f_score, m_score, rfm_segment, revenue
    from customer_model
    where orders > 0
),

final as (
    select
        r_score,
        f_score,
        any_value(rfm_segment) as rfm_segment,
        count(*) as customers,
        sum(revenue) as revenue,
        avg(m_score) as avg_m_score,
    from buyers
    group by r_score, f_score
    order by r_score, f_score
)

select * from final
