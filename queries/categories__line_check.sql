-- purpose: how the order lines fit the orders: lines whose order id is not among the orders (kept, reported),
--          orders whose lines add up to another sum than the order's amount (beyond $tolerance), orders
--          without lines; with up to five examples of each (all statuses)
-- params: $tolerance
-- returns: lines, unknown_lines, unknown_orders, unknown_examples, orders_with_lines, mismatched_orders,
--          mismatched_examples, orders_without_lines
with

line_totals as (
    select order_id, sum(amount) as lines_amount, count(*) as lines,
    from order_lines
    group by order_id
),

unknown as (
    select order_id, lines from line_totals anti join orders using (order_id)
),

compared as (
    select line_totals.order_id, orders.amount, line_totals.lines_amount,
    from line_totals
    join orders using (order_id)
),

mismatched as (
    select order_id, amount, lines_amount from compared where abs(amount - lines_amount) > $tolerance
),

final as (
    select
        (select coalesce(sum(lines), 0)::bigint from line_totals) as lines,
        (select coalesce(sum(lines), 0)::bigint from unknown) as unknown_lines,
        (select count(*) from unknown) as unknown_orders,
        (select coalesce(list(order_id order by order_id)[1:5], []) from unknown) as unknown_examples,
        (select count(*) from compared) as orders_with_lines,
        (select count(*) from mismatched) as mismatched_orders,
        (select coalesce(list({'order_id': order_id, 'amount': amount, 'lines_amount': lines_amount}
            order by abs(amount - lines_amount) desc, order_id)[1:5], []) from mismatched) as mismatched_examples,
        (select count(*) from orders anti join line_totals using (order_id)) as orders_without_lines,
)

select * from final
