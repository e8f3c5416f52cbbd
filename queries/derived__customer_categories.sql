-- purpose: what each customer bought by top-level category up to the analysis date, one narrow row per
--          customer and category (a few per customer): the segment conditions «bought category X in the
--          last N days» and «share of category X in the customer's spend» read it with one join, and the
--          customer model's categories come from it (core/categories.py). From the lines of completed
--          orders (category_top); a completed order without any line counts with its own category
--          (its first level) and amount. days_ago = days from the category's latest order to the
--          analysis date (bought in the last N days: days_ago < N); share = the category's sum / the
--          sum over every category of the customer (0 when that sum is not positive)
-- params: $as_of
-- returns: customer_id, category, revenue, last_date, days_ago, share
with

completed as (
    select order_id, customer_id, order_date, amount, category
    from completed_orders
    where order_date <= $as_of
),

from_lines as (
    select completed.customer_id, completed.order_date, order_lines.category_top as category, order_lines.amount,
    from order_lines
    join completed using (order_id)
    where order_lines.category_top is not null
),

from_orders as (
    -- orders no line names: the order's own category, its first level by the separators the line upload
    -- reads (core/ingest/validate.py category_path)
    select
        customer_id,
        order_date,
        list_filter(regexp_split_to_array(category, '\s*(?:/|>|\\|\||»|→)\s*'), lambda x: trim(x) <> '')[1]
            as category,
        amount,
    from completed
    where category is not null
        -- not `order_id not in (…)`: an order without an id never has lines (NOT IN would drop it once any
        -- line exists), and Spark can run NOT IN only by broadcasting every line's order id (a null-aware
        -- anti join: 1.8 GB at 1M customers, out of memory at 10M); NOT EXISTS is a plain anti join
        and not exists (select 1 from order_lines where order_lines.order_id = completed.order_id)
),

bought as (
    select * from from_lines
    union all
    select * from from_orders where category is not null
),

by_category as (
    select customer_id, trim(category) as category, sum(amount) as revenue, max(order_date) as last_date,
    from bought
    group by all
),

final as (
    select
        customer_id,
        category,
        revenue,
        last_date,
        cast(date_diff('day', last_date, cast($as_of as date)) as integer) as days_ago,
        coalesce(revenue / nullif(sum(revenue) over (partition by customer_id), 0), 0) as share,
    from by_category
)

select * from final
