-- Expected count, interval and rise flag of one area in one month.
select observed, expected, lower, upper, q_value, is_rise, is_delivery_problem
from rise_month_area
where area_code = $code and month = $month
