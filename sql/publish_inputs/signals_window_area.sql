-- Exact signal counts of complete windows (only those are published), the input of
-- disclosure control.
select area_code, area_level, partner_type, window_months, month, months_covered, signals,
    households
from marts.signals_window_area
where months_covered = window_months
