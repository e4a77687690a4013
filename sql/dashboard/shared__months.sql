-- Months with published signal data, oldest first.
select distinct month
from signals_window_area
where area_level = 'gemeente' and window_months = 1
order by month
