-- purpose: the names of the customers of a list (the predicted-LTV page's top and at-risk lists), to be
--          masked per the viewer's rights like every customer list
-- params: $ids
-- returns: customer_id, name
with

final as (
    select customer_id, name,
    from customer_model
    where customer_id in (select unnest($ids::varchar[]))
)

select * from final
