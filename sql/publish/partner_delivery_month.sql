-- Published delivery completeness per partner type and month (gemeente-wide); a small
-- partner count is suppressed, the missing/low flags stay.
-- grain: one row per partner_type x month
with partner as (
    select * from marts.partner_delivery_month
),

final as (
    select
        month,
        partner_type,
        case when signals between 1 and $threshold - 1 then null else signals end as signals,
        total_signals,
        case when signals between 1 and $threshold - 1 then null else share end as share,
        usual_share,
        is_missing,
        is_low
    from partner
)

select * from final
