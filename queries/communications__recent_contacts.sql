-- purpose: the customers sent anything on one channel from $since on (contact pressure: a download for
--          that channel leaves them out); control-group rows were not sent and do not count
-- params: $channel, $since (date)
-- returns: customer_id, messages, last_sent_at
select customer_id, count(*) as messages, max(sent_at) as last_sent_at,
from contact_events
where channel = $channel and sent_date >= $since and not control
group by customer_id
