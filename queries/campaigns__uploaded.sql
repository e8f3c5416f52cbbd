-- purpose: the campaigns of the communications dataset: first send date, customers sent and held out,
--          messages, deliveries, opens, clicks, unsubscribes and the cost of the messages sent
-- params: none
-- returns: campaign, sent_date, recipients, control, messages, delivered, opened, clicked, unsubscribed,
--          tracked_opens, cost, costed
with

final as (
    select
        campaign,
        min(sent_date) as sent_date,
        count(distinct customer_id) filter (where not control) as recipients,
        count(distinct customer_id) filter (where control) as control,
        count(*) filter (where not control) as messages,
        count(*) filter (where not control and delivered) as delivered,
        count(*) filter (where not control and opened) as opened,
        count(*) filter (where not control and clicked) as clicked,
        count(*) filter (where not control and unsubscribed) as unsubscribed,
        count(opened) filter (where not control) + count(clicked) filter (where not control) as tracked_opens,
        sum(cost) filter (where not control) as cost,
        count(cost) filter (where not control) as costed,
    from contact_events
    group by campaign
)

select * from final order by sent_date desc, campaign
