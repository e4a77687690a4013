-- Published 'expected from structure' comparison (12 months up to the latest month): areas
-- with far fewer signals than their share of low-income households predicts. The signal
-- count is the published one; where it is hidden, so is what could be computed back from
-- it (ratio, q-value, flag).
-- grain: one row per area_code x month
select
    structure.area_code,
    structure.area_level,
    structure.month,
    shown.signals,
    structure.households,
    structure.low_income_pct,
    round(structure.expected) as expected,
    case when shown.signals is not null then structure.ratio end as ratio,
    case when shown.signals is not null then structure.q_value end as q_value,
    coalesce(structure.is_under_reached and shown.signals is not null, false)
        as is_under_reached,
    structure.slope_per_pct
from analytics.structure_expectation as structure
left join suppressed_signals as shown
    on shown.area_code = structure.area_code
    and shown.month = structure.month
    and shown.window_months = 12
    and shown.partner_type = 'Totaal'
order by structure.area_level, structure.area_code
