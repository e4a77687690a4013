-- Completeness of deliveries per partner type and month, gemeente-wide: a partner whose
-- delivery is missing must show as a gap, not as "fewer signals". A month is suspect when a
-- partner type that usually delivers sends nothing, or less than half its usual share.
-- grain: one row per partner_type x month
-- A national installation has one gemeente row per gemeente: their sum is the whole.
with gemeente as (
    select month, partner_type, sum(signals)::bigint as signals
    from marts.signals_window_area
    where area_level = 'gemeente' and window_months = 1
    group by month, partner_type
),

totals as (
    select month, signals as total_signals from gemeente where partner_type = 'Totaal'
),

shares as (
    select
        gemeente.month,
        gemeente.partner_type,
        gemeente.signals,
        totals.total_signals,
        case when totals.total_signals > 0
            then gemeente.signals / totals.total_signals end as share
    from gemeente
    inner join totals on totals.month = gemeente.month
    where gemeente.partner_type <> 'Totaal'
),

usual as (
    select
        *,
        median(share) over (
            partition by partner_type order by month
            rows between 12 preceding and 1 preceding
        ) as usual_share,
        count(share) over (
            partition by partner_type order by month
            rows between 12 preceding and 1 preceding
        ) as months_of_history
    from shares
),

final as (
    select
        month,
        partner_type,
        signals,
        total_signals,
        round(share, 4) as share,
        round(usual_share, 4) as usual_share,
        coalesce(months_of_history >= 3 and usual_share >= 0.02 and signals = 0, false)
            as is_missing,
        coalesce(
            months_of_history >= 3 and usual_share >= 0.02 and signals > 0
            and share < 0.5 * usual_share,
            false
        ) as is_low
    from usual
)

select * from final
order by month, partner_type
