-- 12-month signal counts of the latest month with the CBS households and low-income share
-- of the nearest earlier year, per area of the levels with CBS figures of their own.
with latest as (
    select max(month) as month from marts.signals_window_area
),

counts as (
    select counts.area_code, counts.area_level, counts.month, counts.signals
    from marts.signals_window_area as counts
    inner join latest on latest.month = counts.month
    where counts.window_months = 12 and counts.partner_type = 'Totaal'
      and counts.area_level in ('buurt', 'wijk')
),

structure as (
    select area_code, year, households, low_income_pct
    from marts.indicators_year
    where households is not null
)

select
    counts.area_code,
    counts.area_level,
    counts.month,
    counts.signals,
    structure.households,
    structure.low_income_pct
from counts
asof left join structure
    on structure.area_code = counts.area_code and structure.year <= year(counts.month)
