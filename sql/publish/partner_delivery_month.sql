-- Published delivery completeness per partner type and month (gemeente-wide); counts come
-- from the disclosure-controlled signal table, the missing/low flags stay.
-- grain: one row per partner_type x month
with partner as (
    select * from marts.partner_delivery_month
),

-- One row per month and partner type: the gemeente's own count, or for a national
-- installation the sum over gemeenten when none of them is hidden (a sum of shown counts
-- reveals nothing).
shown as (
    select
        month,
        partner_type,
        case when count(*) = count(signals) then sum(signals)::bigint end as signals
    from suppressed_signals
    where area_level = 'gemeente' and window_months = 1
    group by month, partner_type
),

final as (
    select
        partner.month,
        partner.partner_type,
        shown.signals,
        total.signals as total_signals,
        case when shown.signals is not null then partner.share end as share,
        partner.usual_share,
        partner.is_missing,
        partner.is_low
    from partner
    left join shown
        on shown.month = partner.month and shown.partner_type = partner.partner_type
    left join shown as total on total.month = partner.month and total.partner_type = 'Totaal'
)

select * from final
