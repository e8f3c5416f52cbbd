-- purpose: whether the data generation holds the customer model table (base types), which the
--          breakdowns by base type read
-- params: none
-- returns: present
with

tables as (
    select table_name
    from information_schema.tables
    where table_schema = current_schema()
      and table_name = 'customer_model'
),

final as (
    select count(*) > 0 as present
    from tables
)

select * from final
