-- purpose: who unsubscribed from which channel and when: the first message of each customer and
--          channel marked unsubscribed (its send time: the exports give no later moment), up to $until
--          (null: all of them); consent for the channel is withdrawn from that moment
-- params: $until (timestamp or null)
-- returns: customer_id, channel, unsubscribed_at, campaign
with

unsubscribes as (
    select customer_id, channel, sent_at, campaign
    from contact_events
    where unsubscribed and ($until is null or sent_at <= $until)
),

final as (
    select
        customer_id,
        channel,
        min(sent_at) as unsubscribed_at,
        arg_min(campaign, sent_at) as campaign,
    from unsubscribes
    group by customer_id, channel
)

select * from final order by unsubscribed_at, customer_id, channel
