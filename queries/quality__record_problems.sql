-- purpose: rows of interactions and spend with a problem (a key field missing, an NPS score outside
--          0-10, a negative spend) and rows of any dataset but orders dated after the analysis date or today
-- params: $as_of, $today
-- returns: dataset, customer_id, detail, date, missing_key, bad_value, after_as_of, after_today
with

records as (
    select
        'interactions' as dataset,
        customer_id,
        type as detail,
        date,
        (customer_id is null or date is null or type is null) as missing_key,
        coalesce(score not between 0 and 10, false) as bad_value,
    from interactions
    union all
    select
        'spend',
        null,
        channel,
        date,
        (date is null or channel is null or amount is null),
        coalesce(amount < 0, false),
    from spend
    union all
    select 'customers', customer_id, name, registered_at, false, false,
    from customers
    where registered_at > least($as_of, $today)
),

flagged as (
    select
        *,
        coalesce(date > $as_of, false) as after_as_of,
        coalesce(date > $today, false) as after_today,
    from records
),

final as (
    select *
    from flagged
    where missing_key or bad_value or after_as_of or after_today
)

select * from final
order by dataset, date, customer_id
