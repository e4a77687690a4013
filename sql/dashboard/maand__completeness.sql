-- Delivery completeness per partner type for the 12 months ending with the chosen month:
-- the count (NULL when suppressed) and whether the delivery is missing or unusually low.
-- A partner type without a row in a month has has_row = false ('geen gegevens').
-- grain: one row per partner_type x month
with months as (
    select cast(unnest(generate_series(cast($month as date) - interval 11 month,
                                       cast($month as date), interval 1 month)) as date)
        as month
),

partner_types as (
    select partner_type, sum(signals) as total
    from partner_delivery_month
    group by partner_type
),

deliveries as (
    select month, partner_type, signals, share, usual_share, is_missing, is_low
    from partner_delivery_month
    where month between cast($month as date) - interval 11 month and cast($month as date)
),

final as (
    select
        partner_types.partner_type,
        months.month,
        deliveries.signals,
        deliveries.share,
        deliveries.usual_share,
        coalesce(deliveries.is_missing, false) as is_missing,
        coalesce(deliveries.is_low, false) as is_low,
        deliveries.month is not null as has_row,
        partner_types.total
    from partner_types
    cross join months
    left join deliveries
        on deliveries.partner_type = partner_types.partner_type
        and deliveries.month = months.month
)

select * from final
order by total desc nulls last, partner_type, month
