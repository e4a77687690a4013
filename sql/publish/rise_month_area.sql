-- Published expected counts, prediction intervals and rise flags per area and month. The
-- observed count follows the disclosure threshold; a rise is only ever flagged on a
-- publishable count.
-- grain: one row per area_code x month
select
    area_code,
    area_level,
    month,
    case when observed between 1 and $threshold - 1 then null else observed end as observed,
    round(expected, 1) as expected,
    lower,
    upper,
    p_value,
    q_value,
    is_rise,
    is_delivery_problem
from analytics.signal_expectation
order by area_level, month, area_code
