-- purpose: find contacts as of the analysis date by id, or (when the viewer may see personal data)
--          by name, e-mail or phone; $pattern is an ILIKE pattern with its wildcards escaped by
--          a backslash, $digits the digits of the search text (phone search, empty to skip); an exact
--          match on the id, or the whole e-mail, or the phone's last ten digits ($exact, $exact_digits)
--          comes first
-- params: $pattern, $digits, $personal, $limit, $exact, $exact_digits
-- returns: customer_id, name, email, phone, city, base_type, orders, revenue, last_order_date, exact
with

marked as (
    select
        *,
        coalesce(lower(customer_id) = $exact
            or ($personal and (
                lower(email) = $exact
                or (length($exact_digits) = 10 and right(regexp_replace(phone, '\D', '', 'g'), 10) = $exact_digits)
            )), false) as exact,
    from customer_model
),

found as (
    select *
    from marked
    where exact
        or customer_id ilike $pattern escape '\'
        or ($personal and (
            name ilike $pattern escape '\'
            or email ilike $pattern escape '\'
            or phone ilike $pattern escape '\'
            or (length($digits) >= 4 and regexp_replace(phone, '\D', '', 'g') like '%' || $digits || '%')
        ))
),

final as (
    select customer_id, name, email, phone, city, base_type, orders, revenue, last_order_date, exact,
    from found
)

select * from final order by exact desc, customer_id limit $limit
