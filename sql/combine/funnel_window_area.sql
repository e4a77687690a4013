-- The funnel of every combined gemeente, as each published it.
-- grain: one row per area_code x window_months x month
select * exclude (source_index)
from inputs.funnel_window_area
order by area_level, window_months, month, area_code
