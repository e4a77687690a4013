-- Signals per partner type and month for one area (suppressed cells stay NULL); windows
-- that reach back before the first month with data are left out.
select month, partner_type, signals
from signals_window_area
where area_code = $code and window_months = $window and partner_type <> 'Totaal'
  and months_covered = $window
order by month, partner_type
