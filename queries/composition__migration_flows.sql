-- purpose: contacts per (type on the first date, type on the second date) of a migration, largest first;
--          someone who was not a contact on one of the dates comes from (or goes to) $not_in_base;
--          reads migration_before and migration_after, composition__migration_types on each date (sql.run_staged)
-- params: $not_in_base
-- returns: from_type, to_type, customers
with

moves as (
    select
        coalesce(migration_before.base_type, $not_in_base) as from_type,
        coalesce(migration_after.base_type, $not_in_base) as to_type,
    from migration_after
    full outer join migration_before
        on migration_before.customer_id = migration_after.customer_id
),

final as (
    select from_type, to_type, cast(count(*) as uinteger) as customers,
    from moves
    group by from_type, to_type
)

select * from final
order by customers desc, from_type, to_type
