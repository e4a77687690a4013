-- Contract view: monthly signals per buurt and partner type ('Totaal' = all partners).
-- grain: one row per buurt_code x partner_type x month
select month, area_code as buurt_code, partner_type, signals, households
from signals_window_area
where area_level = 'buurt' and window_months = 1
