-- Signals and households of the areas inside an area for one period, with CBS households
-- of the period's year (or the nearest earlier year).
with members as (
    select area_code from area where parent_code = $code and area_level in ('buurt', 'wijk')
    union
    select buurt_code from area_member where area_code = $code
),

counts as (
    select area_code, signals, households
    from signals_window_area
    where window_months = $window and partner_type = 'Totaal' and month = $month
      and area_code in (select area_code from members)
),

names as (
    select area_code, area_name
    from area
    where area_code in (select area_code from members)
    qualify row_number() over (partition by area_code order by year desc) = 1
),

structure as (
    select area_code, households as cbs_households, low_income_pct
    from indicators_year
    where area_code in (select area_code from members)
    qualify row_number() over (
        partition by area_code
        order by (year <= year($month)) desc, abs(year - year($month))
    ) = 1
)

select names.area_code, names.area_name, counts.signals, counts.households,
    structure.cbs_households, structure.low_income_pct
from names
left join counts on counts.area_code = names.area_code
left join structure on structure.area_code = names.area_code
order by names.area_name
