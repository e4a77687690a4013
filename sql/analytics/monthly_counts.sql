-- Exact monthly signal counts (all partners) per area, the input of rise detection.
select area_code, area_level, month, signals
from marts.signals_window_area
where window_months = 1 and partner_type = 'Totaal'
order by area_code, month
