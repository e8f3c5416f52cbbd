-- purpose: which of the given customer ids are customers of the generation (after the merges in force)
-- params: $ids (list of customer ids)
-- returns: customer_id
with

wanted as (
    select distinct unnest($ids) as customer_id
),

known as (
    select customer_id from known_customers()
),

final as (
    select wanted.customer_id
    from wanted
    semi join known using (customer_id)
)

select * from final
