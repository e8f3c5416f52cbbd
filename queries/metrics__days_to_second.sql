-- purpose: days from the first to the second completed order, for customers whose second completed
--          order is dated on or before the analysis date (0 when both are on the same day)
-- params: $as_of
-- returns: days, customers
with

acquired as (
    select first_order_date, second_order_date
    from customer_acquisition
    where second_order_date <= $as_of
),

final as (
    select
        datediff('day', first_order_date, second_order_date) as days,
        count(*) as customers,
    from acquired
    group by days
    order by days
)

select * from final
