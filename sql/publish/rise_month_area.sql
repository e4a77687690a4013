-- Published expected counts, prediction intervals and rise flags per area and month. The
-- observed count is the published (disclosure-controlled) count. Where it is hidden, so is
-- everything computed from it (p- and q-values, the flag) and the expectation itself, which
-- would otherwise be one more weighted sum of past months; expectations are whole numbers.
-- grain: one row per area_code x month
select
    expectation.area_code,
    expectation.area_level,
    expectation.month,
    shown.signals as observed,
    case when shown.signals is not null then round(expectation.expected)::integer end
        as expected,
    case when shown.signals is not null then expectation.lower end as lower,
    case when shown.signals is not null then expectation.upper end as upper,
    case when shown.signals is not null then expectation.p_value end as p_value,
    case when shown.signals is not null then expectation.q_value end as q_value,
    coalesce(expectation.is_rise and shown.signals is not null, false) as is_rise,
    expectation.is_delivery_problem
from analytics.signal_expectation as expectation
left join suppressed_signals as shown
    on shown.area_code = expectation.area_code
    and shown.month = expectation.month
    and shown.window_months = 1
    and shown.partner_type = 'Totaal'
order by expectation.area_level, expectation.month, expectation.area_code
