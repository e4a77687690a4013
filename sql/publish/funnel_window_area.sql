-- Published funnel per area, window and month after disclosure control; the signals column
-- is the published 'Totaal' signal count of the same area and period.
-- grain: one row per area_code x window_months x month
select
    funnel.area_code,
    funnel.area_level,
    funnel.window_months,
    funnel.month::date as month,
    funnel.months_covered,
    signals.signals,
    funnel.cases,
    funnel.contacted,
    funnel.reached,
    funnel.result_hulp,
    funnel.result_zelf_opgelost,
    funnel.result_geen_hulp_nodig,
    funnel.result_al_in_beeld,
    funnel.result_geen_contact,
    funnel.result_niet_opgepakt,
    funnel.result_lopend,
    funnel.months_with_case_data
from suppressed_funnel as funnel
left join suppressed_signals as signals
    on signals.area_code = funnel.area_code
    and signals.window_months = funnel.window_months
    and signals.month = funnel.month
    and signals.partner_type = 'Totaal'
order by funnel.area_level, funnel.window_months, funnel.month, funnel.area_code
