-- purpose: every contact's base type as of the analysis date, the one column a migration compares
--          (composition__migration_flows reads it for each of its two dates)
-- params: none
-- returns: customer_id, base_type
select customer_id, base_type,
from customer_model
