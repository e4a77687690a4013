-- Published signal counts per area, partner type, window and month, after disclosure
-- control (etl/transform/suppress_small_cells.py): small counts and the counts that would
-- reveal them by subtraction are NULL.
-- grain: one row per area_code x partner_type x window_months x month
select area_code, area_level, partner_type, window_months, month::date as month, months_covered,
    signals,
    households
from suppressed_signals
order by area_level, window_months, partner_type, month, area_code
