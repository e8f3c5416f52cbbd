-- purpose: the Pareto curve of buyers by revenue as of the analysis date (ABC analysis), thinned
--          to about $points points (every class boundary kept)
-- params: $points
-- returns: customer_share, revenue_share, abc_class, customers, rank
with

buyers as (
    select customer_id, revenue, abc_class
    from customer_model
    where orders > 0
),

ranked as (
    select
        abc_class,
        row_number() over (order by revenue desc, customer_id) as rank,
        count(*) over () as customers,
        sum(revenue) over (order by revenue desc, customer_id rows between unbounded preceding and current row)
            / nullif(sum(revenue) over (), 0) as revenue_share,
        lead(abc_class) over (order by revenue desc, customer_id) as next_class,
    from buyers
),

final as (
    select
        100.0 * rank / customers as customer_share,
        100.0 * revenue_share as revenue_share,
        abc_class,
        customers,
        rank,
    from ranked
    where rank = 1
        or rank = customers
        or next_class is distinct from abc_class
        or rank % greatest(1, customers // $points) = 0
)

select * from final order by rank
