-- purpose: the customers of one campaign of the communications dataset and their group (recipients when
--          any of their rows was sent, else control)
-- params: $campaign
-- returns: customer_id, grp
select customer_id, case when bool_and(control) then 'control' else 'recipients' end as grp,
from contact_events
where campaign = $campaign
group by customer_id
order by customer_id
