-- Delivery completeness per partner type and month over the combined gemeenten. A count is
-- the sum of the gemeenten's published counts, and only where none of them is hidden (a
-- sum with a hidden part is not the whole); shares and the usual share are recomputed from
-- those sums as the mart does. A delivery reads 'missing' when it is missing in every
-- gemeente that has the row, and 'low' when it is missing or low in at least one: either
-- way the combined count is incomplete. Each gemeente's own flags stay in its own file.
-- grain: one row per partner_type x month
with partner as (
    select * from inputs.partner_delivery_month
),

gemeente_totals as (
    -- total_signals is the gemeente's 'Totaal' of the month, repeated on each partner row
    select source_index, month, max(total_signals) as total_signals
    from partner
    group by source_index, month
),

totals as (
    select
        month,
        case when count(*) = count(total_signals) then sum(total_signals)::bigint end
            as total_signals
    from gemeente_totals
    group by month
),

summed as (
    select
        month,
        partner_type,
        case when count(*) = count(signals) then sum(signals)::bigint end as signals,
        bool_and(is_missing) as is_missing_everywhere,
        bool_or(is_missing or is_low) as is_short_somewhere
    from partner
    group by month, partner_type
),

shares as (
    select
        summed.*,
        totals.total_signals,
        case when totals.total_signals > 0
            then summed.signals / totals.total_signals end as share
    from summed
    inner join totals on totals.month = summed.month
),

usual as (
    select
        *,
        median(share) over (
            partition by partner_type order by month
            rows between 12 preceding and 1 preceding
        ) as usual_share
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
        coalesce(is_missing_everywhere, false) as is_missing,
        coalesce(not is_missing_everywhere and is_short_somewhere, false) as is_low
    from usual
)

select * from final
order by month, partner_type
