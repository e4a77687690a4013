-- The funnel of one area for one period.
select *
from funnel_window_area
where area_code = $code and window_months = $window and month = $month
