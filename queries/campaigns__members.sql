-- purpose: the customers of a stored campaign list (recipients or control) as the model has them now,
--          for downloading the list again
-- params: $ids (list of customer ids)
-- returns: every column of the customer model, then p_alive, predicted_clv, expected_purchases, at_risk
with

wanted as (
    select distinct unnest($ids) as customer_id
),

final as (
    select segment_model.* exclude (segment_cell)
    from segment_model
    semi join wanted using (customer_id)
)

select * from final order by customer_id
