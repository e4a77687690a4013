-- Signal counts of every combined gemeente, as each published them after its own
-- disclosure control; kept in the published sort order, so DuckDB's per-block min/max
-- still skips everything but the level, window and month a dashboard query asks for.
-- grain: one row per area_code x partner_type x window_months x month
select * exclude (source_index)
from inputs.signals_window_area
order by area_level, window_months, partner_type, month, area_code
