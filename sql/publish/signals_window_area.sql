-- Published signal counts per area, partner type, window and month. Counts from 1 up to
-- $threshold - 1 are suppressed (NULL); further cells are suppressed afterwards where a
-- subtraction would reveal a suppressed one (see etl/transform/suppress_small_cells.py).
-- grain: one row per area_code x partner_type x window_months x month
with counts as (
    select * from marts.signals_window_area
),

final as (
    select
        area_code,
        area_level,
        partner_type,
        window_months,
        month,
        months_covered,
        case when signals between 1 and $threshold - 1 then null else signals end as signals,
        case when households between 1 and $threshold - 1 then null else households end
            as households
    from counts
)

select * from final
order by area_level, window_months, partner_type, month, area_code
