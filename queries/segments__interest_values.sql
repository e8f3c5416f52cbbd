-- purpose: the interests named in the customer model (the column lists them separated by commas),
--          with their customers, the most frequent first
-- params: $limit (how many interests)
-- returns: value, customers
with

named as (
    select trim(unnest(string_split(interests, ','))) as value
    from segment_model
    where interests is not null
),

final as (
    select
        value,
        count(*) as customers,
    from named
    where value <> ''
    group by value
)

select * from final
order by customers desc, value
limit $limit
