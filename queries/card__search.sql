-- purpose: find contacts as of the analysis date by id, or (when the viewer may see personal data)
--          by name, e-mail or phone; $pattern is an ILIKE pattern with its wildcards escaped by
--          a backslash, $digits the digits of the search text (phone search, empty to skip)
-- params: $pattern, $digits, $personal, $limit
-- returns: customer_id, name, email, phone, city, base_type, orders, revenue, last_order_date
with

found as (
    select *
    from customer_model
    where customer_id ilike $pattern escape '\'
        or ($personal and (
            name ilike $pattern escape '\'
            or email ilike $pattern escape '\'
            or phone ilike $pattern escape '\'
            or (length($digits) >= 4 and regexp_replace(phone, '\D', '', 'g') like '%' || $digits || '%')
        ))
),

final as (
    select customer_id, name, email, phone, city, base_type, orders, revenue, last_order_date,
    from found
)

select * from final order by customer_id limit $limit
