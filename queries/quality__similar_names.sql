-- purpose: pairs of customers in the same city whose names are alike (Jaro-Winkler similarity of the
--          lower-cased, sorted name words at least $min_similarity), compared only within blocks of
--          city + the first three letters of the name key holding at most $max_block customers (a name
--          that common in a city says nothing about duplicates; the bound keeps the cost linear);
--          pairs whose birth dates or genders differ, or whose e-mails and phones both differ, are left out
-- params: $min_similarity, $max_block
-- returns: left_id, right_id, city, left_name, right_name, similarity
with

profiles as (
    select
        customer_id,
        name,
        city,
        birth_date,
        gender,
        nullif(lower(trim(email)), '') as email,
        nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '') as phone,
        lower(trim(city)) as city_key,
        array_to_string(list_sort(list_filter(
            string_split(regexp_replace(lower(replace(name, 'ё', 'е')), '[^a-zа-я]+', ' ', 'g'), ' '),
            lambda x: length(x) > 1)), ' ') as name_key,
    from customers
    where customer_id is not null and nullif(trim(name), '') is not null and nullif(trim(city), '') is not null
),

keyed as (
    select *
    from (
        select *, left(name_key, 3) as block, count(*) over (partition by city_key, left(name_key, 3)) as block_size,
        from profiles
        where length(name_key) >= 3
    )
    where block_size <= $max_block
),

pairs as (
    select
        l.customer_id as left_id,
        r.customer_id as right_id,
        l.city,
        l.name as left_name,
        r.name as right_name,
        jaro_winkler_similarity(l.name_key, r.name_key) as similarity,
    from keyed as l
    inner join keyed as r
        on l.city_key = r.city_key and l.block = r.block and l.customer_id < r.customer_id
    where jaro_winkler_similarity(l.name_key, r.name_key) >= $min_similarity
        and not coalesce(l.birth_date <> r.birth_date, false)
        and not coalesce(l.gender <> r.gender, false)
        and not (coalesce(l.email <> r.email, false) and coalesce(right(l.phone, 10) <> right(r.phone, 10), false))
),

final as (
    select *
    from pairs
)

select * from final
order by similarity desc, left_id, right_id
