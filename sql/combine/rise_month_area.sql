-- Expected counts and rise flags of every combined gemeente. Each gemeente's flags keep the
-- false discovery rate of its own run (Benjamini-Hochberg per gemeente, level and month);
-- they are not recomputed over the combined areas.
-- grain: one row per area_code x month
select * exclude (source_index)
from inputs.rise_month_area
order by area_level, month, area_code
