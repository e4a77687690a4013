-- 'Expected from structure' of every combined gemeente; each keeps the relation fitted on
-- its own areas (slope_per_pct per gemeente).
-- grain: one row per area_code x month
select * exclude (source_index)
from inputs.structure_expectation
order by area_level, area_code
