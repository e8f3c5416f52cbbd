-- purpose: the smallest and largest value of one numeric or date column of the segment table
--          (the customer model with the CLV scores), for the bounds of a slider
-- params: none ({{column}} is an allow-listed column)
-- returns: low, high
-- identifiers: column = core.segments.results:VALUE_COLUMNS
select
    min({{column}}) as low,
    max({{column}}) as high,
from segment_model
