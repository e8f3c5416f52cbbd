-- purpose: how many rows of each dataset miss each key field (customers: the profile with neither
--          e-mail nor phone misses "contact")
-- params: none
-- returns: dataset, field, rows, missing
with

orders_missing as (
    select
        count(*) as rows,
        count(*) filter (where order_id is null) as order_id,
        count(*) filter (where customer_id is null) as customer_id,
        count(*) filter (where order_date is null) as order_date,
        count(*) filter (where amount is null) as amount,
    from orders
),

customers_missing as (
    select
        count(*) as rows,
        count(*) filter (where customer_id is null) as customer_id,
        count(*) filter (where nullif(trim(name), '') is null) as name,
        count(*) filter (where nullif(trim(email), '') is null and nullif(trim(phone), '') is null) as contact,
        count(*) filter (where nullif(trim(city), '') is null) as city,
        count(*) filter (where registered_at is null) as registered_at,
    from customers
),

interactions_missing as (
    select
        count(*) as rows,
        count(*) filter (where customer_id is null) as customer_id,
        count(*) filter (where date is null) as date,
        count(*) filter (where type is null) as type,
    from interactions
),

spend_missing as (
    select
        count(*) as rows,
        count(*) filter (where date is null) as date,
        count(*) filter (where channel is null) as channel,
        count(*) filter (where amount is null) as amount,
    from spend
),

final as (
    select 'orders' as dataset, 1 as position, field, rows, missing
    from (unpivot orders_missing on order_id, customer_id, order_date, amount into name field value missing)
    union all
    select 'customers', 2, field, rows, missing
    from (unpivot customers_missing on customer_id, name, contact, city, registered_at into name field value missing)
    union all
    select 'interactions', 3, field, rows, missing
    from (unpivot interactions_missing on customer_id, date, type into name field value missing)
    union all
    select 'spend', 4, field, rows, missing
    from (unpivot spend_missing on date, channel, amount into name field value missing)
)

select dataset, field, rows, missing
from final
order by position
