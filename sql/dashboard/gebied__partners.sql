-- Signals per partner type and month for one area (suppressed cells stay NULL).
select month, partner_type, signals
from signals_window_area
where area_code = $code and window_months = $window and partner_type <> 'Totaal'
order by month, partner_type
