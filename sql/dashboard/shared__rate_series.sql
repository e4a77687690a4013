-- Monthly (or rolling-window) signal counts of some areas with the CBS households of the
-- month's year (or the nearest earlier year), from which rates per 1,000 are computed.
with series as (
    select area_code, month, signals, households, months_covered
    from signals_window_area
    where list_contains($codes, area_code)
      and window_months = $window
      and partner_type = $partner
),

structure as (
    select area_code, year, households as cbs_households
    from indicators_year
    where households is not null
)

select
    series.area_code,
    series.month,
    series.signals,
    series.households,
    series.months_covered,
    structure.year as structure_year,
    structure.cbs_households
from series
asof left join structure
    on structure.area_code = series.area_code and structure.year <= year(series.month)
order by series.area_code, series.month
