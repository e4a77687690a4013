-- Contract view: monthly signals per wijk and partner type ('Totaal' = all partners).
-- grain: one row per wijk_code x partner_type x month
select month, area_code as wijk_code, partner_type, signals, households
from signals_window_area
where area_level = 'wijk' and window_months = 1
