-- Structural indicators of some areas, every year published.
select area_code, year, inhabitants, households, low_income_pct, social_minimum_pct,
    problematic_debt_pct, null_reason, source
from indicators_year
where list_contains($codes, area_code)
order by area_code, year
