-- purpose: the smallest and largest value of one numeric or date column of a customer-level table
--          (the customer model, or the CLV scores), for the bounds of a slider
-- params: none ({{column}} is an allow-listed column of the allow-listed table {{relation}})
-- returns: low, high
select
    min({{column}}) as low,
    max({{column}}) as high,
from {{relation}}
