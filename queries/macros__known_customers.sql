-- purpose: every customer id the generation knows (a profile, an order or an interaction), as one table
--          macro, so merging and the matching of messages to customers agree on who is a customer
-- params: none
-- returns: known_customers(): customer_id (distinct)
create or replace macro known_customers() as table
    select customer_id from customers
    union
    select customer_id from orders
    union
    select customer_id from interactions;
