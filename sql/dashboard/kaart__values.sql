-- Counts, denominators and structural shares of every area of one level for one period;
-- the map's indicators are computed from these. CBS figures come from the statistics year
-- of the period's last month, or the nearest earlier year that has them.
with areas as (
    select area_code, area_name
    from area
    where area_level = $level
    qualify row_number() over (partition by area_code order by year desc) = 1
),

counts as (
    select area_code, signals, households, months_covered
    from signals_window_area
    where area_level = $level
      and window_months = $window
      and partner_type = $partner
      and month = $month
),

funnel as (
    select area_code, signals as funnel_signals, reached, months_with_case_data
    from funnel_window_area
    where area_level = $level and window_months = $window and month = $month
),

structure_year as (
    select coalesce(max(year) filter (where year <= year($month)), min(year)) as year
    from indicators_year
    where households is not null
),

structure as (
    select
        indicators_year.area_code,
        indicators_year.year as structure_year,
        indicators_year.households as cbs_households,
        indicators_year.low_income_pct,
        indicators_year.problematic_debt_pct,
        indicators_year.null_reason
    from indicators_year
    inner join structure_year on structure_year.year = indicators_year.year
)

select
    areas.area_code,
    areas.area_name,
    counts.signals,
    counts.households,
    counts.months_covered,
    funnel.funnel_signals,
    funnel.reached,
    funnel.months_with_case_data,
    structure.structure_year,
    structure.cbs_households,
    structure.low_income_pct,
    structure.problematic_debt_pct,
    structure.null_reason
from areas
left join counts on counts.area_code = areas.area_code
left join funnel on funnel.area_code = areas.area_code
left join structure on structure.area_code = areas.area_code
order by areas.area_code
