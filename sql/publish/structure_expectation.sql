-- Published 'expected from structure' comparison (12 months up to the latest month): areas
-- with far fewer signals than their share of low-income households predicts.
-- grain: one row per area_code x month
select
    area_code,
    area_level,
    month,
    case when signals between 1 and $threshold - 1 then null else signals end as signals,
    households,
    low_income_pct,
    expected,
    case when signals between 1 and $threshold - 1 then null else ratio end as ratio,
    q_value,
    is_under_reached,
    slope_per_pct
from analytics.structure_expectation
order by area_level, area_code
