-- The same numbers as signals_per_wijk.sql, looked up in the published contract view:
-- pre-aggregated, after disclosure control (hidden counts are NULL).
-- grain: one row per wijk_code
select wijk_code, signals, households
from signals_month_wijk
where month = $month and partner_type = $partner
order by wijk_code
