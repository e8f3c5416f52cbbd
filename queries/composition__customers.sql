-- purpose: the contacts of one class of a classification as of the analysis date, for the list
--          and its download (callers mask personal data per the viewer's rights)
-- params: $value
-- returns: customer_id, name, email, phone, city, manager, consent_email, consent_sms, base_type,
--          temperature, lifecycle, rfm_segment, abc_class, orders, revenue, aov,
--          first_order_date, last_order_date, recency_days
-- identifiers: dimension = core.composition:DIMENSIONS
with

members as (
    select *
    from customer_model
    where {{dimension}} = $value
),

final as (
    select
        customer_id, name, email, phone, city, manager, consent_email, consent_sms,
        base_type, temperature, lifecycle, rfm_segment, abc_class,
        orders, revenue, aov, first_order_date, last_order_date, recency_days,
    from members
)

select * from final order by revenue desc, customer_id
