-- Contract view: the funnel per wijk and month.
-- grain: one row per wijk_code x month
select
    month,
    area_code as wijk_code,
    signals,
    cases,
    contacted,
    reached,
    result_hulp,
    result_zelf_opgelost,
    result_geen_hulp_nodig,
    result_al_in_beeld,
    result_geen_contact,
    result_niet_opgepakt,
    result_lopend
from funnel_window_area
where area_level = 'wijk' and window_months = 1
