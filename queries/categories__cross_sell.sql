-- purpose: cross-sell pairs: two top-level categories bought by the same customers in the period [start, end]
--          (completed orders), with how many bought each and both, the confidence each way and the lift
--          (both x buyers / (buyers of one x buyers of the other): above 1, bought together more often
--          than chance); definitions in core/categories.py
-- params: $start, $end, $min_customers
-- returns: category_a, category_b, customers, customers_a, customers_b, confidence_ab, confidence_ba, lift
with

bought as (
    select distinct completed_orders.customer_id, order_lines.category_top as category,
    from order_lines
    join completed_orders using (order_id)
    where completed_orders.order_date between $start and $end
        and order_lines.category_top is not null
),

everyone as (
    select count(distinct customer_id) as buyers from bought
),

sizes as (
    select category, count(*) as customers from bought group by category
),

pairs as (
    select first_side.category as category_a, second_side.category as category_b, count(*) as customers,
    from bought as first_side
    join bought as second_side
        on first_side.customer_id = second_side.customer_id and first_side.category < second_side.category
    group by all
),

final as (
    select
        pairs.category_a,
        pairs.category_b,
        pairs.customers,
        size_a.customers as customers_a,
        size_b.customers as customers_b,
        100.0 * pairs.customers / size_a.customers as confidence_ab,
        100.0 * pairs.customers / size_b.customers as confidence_ba,
        1.0 * pairs.customers * everyone.buyers / (size_a.customers * size_b.customers) as lift,
    from pairs
    join sizes as size_a on size_a.category = pairs.category_a
    join sizes as size_b on size_b.category = pairs.category_b
    cross join everyone
    where pairs.customers >= $min_customers
    order by lift desc, pairs.customers desc, pairs.category_a, pairs.category_b
)

select * from final
