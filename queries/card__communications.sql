-- purpose: one customer's communications (messages sent and control-group hold-outs) up to the analysis
--          date, newest first
-- params: $customer_id, $as_of
-- returns: sent_at, campaign, channel, delivered, opened, clicked, unsubscribed, promo_code, cost, control
select sent_at, campaign, channel, delivered, opened, clicked, unsubscribed, promo_code, cost, control,
from contact_events
where customer_id = $customer_id and sent_date <= $as_of
order by sent_at desc
