-- purpose: how many customers of a segment were sent how many messages (any channel, control-group rows
--          left out) in the $days days up to the analysis date
-- params: $as_of, $days
-- returns: messages (0, 1, 2, ...), customers
-- fragments: where = core.segments.rules:WHERE_NAMES
with

segment as (
    select customer_id
    from segment_model
    where {{where}}
),

sent as (
    select customer_id, count(*) as messages,
    from contact_events
    where not control and sent_date > $as_of - cast($days as integer) and sent_date <= $as_of
    group by customer_id
),

final as (
    select coalesce(sent.messages, 0) as messages, count(*) as customers,
    from segment
    left join sent using (customer_id)
    group by all
)

select * from final order by messages
