-- Signals in the last 12 months against the share of low-income households, per area of a
-- level, with the expectation from the fitted relation.
select
    structure_expectation.area_code,
    area.area_name,
    structure_expectation.month,
    structure_expectation.signals,
    structure_expectation.households,
    structure_expectation.low_income_pct,
    structure_expectation.expected,
    structure_expectation.ratio,
    structure_expectation.q_value,
    structure_expectation.is_under_reached,
    structure_expectation.slope_per_pct
from structure_expectation
left join (
    select area_code, area_name from area
    qualify row_number() over (partition by area_code order by year desc) = 1
) as area on area.area_code = structure_expectation.area_code
where structure_expectation.area_level = $level
order by structure_expectation.ratio
