-- Signals and households with a signal per area (buurt, wijk, gemeente, custom areas),
-- month, partner type and rolling window (1, 3, 12 months). The exact counts; publishing
-- suppresses small ones. Buurt rows are summed into larger areas, never recounted.
-- grain: one row per area_code x partner_type x window_months x month
with buurt_window as (
    select * from intermediate.int_signals__buurt_window
),

membership as (
    select * from intermediate.int_areas__membership
),

final as (
    select
        membership.area_code,
        any_value(membership.area_level) as area_level,
        buurt_window.partner_type,
        buurt_window.window_months,
        buurt_window.month,
        sum(buurt_window.signals)::integer as signals,
        sum(buurt_window.households)::integer as households,
        max(buurt_window.months_covered)::integer as months_covered
    from buurt_window
    inner join membership on membership.buurt_code = buurt_window.buurt_code
    group by membership.area_code, buurt_window.partner_type, buurt_window.window_months,
        buurt_window.month
)

select * from final
order by area_level, window_months, partner_type, month, area_code
