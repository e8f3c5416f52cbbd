-- purpose: which profile stands for a customer, written once for the customer model and the overview's
--          composition at any date (queries/overview__classes.sql), so the two agree
-- params: none
-- returns: latest_profiles(): one row of the customers dataset per customer id (the latest registration wins
--          when an export repeats an id; rows registered at the same moment by their fields, so every run
--          and engine keeps the same one)
create or replace macro latest_profiles() as table
    with repeated as (
        -- ids the customers dataset holds more than once (usually none): only those are ranked
        select customer_id from customers group by customer_id having count(*) > 1
    )
    select customers.* from customers anti join repeated using (customer_id)
    union all
    select customers.* from customers semi join repeated using (customer_id)
    qualify row_number() over (
        partition by customer_id
        order by registered_at desc nulls last, name nulls last, email nulls last, phone nulls last,
            city nulls last, region nulls last, source nulls last, birth_date nulls last, gender nulls last
    ) = 1;
