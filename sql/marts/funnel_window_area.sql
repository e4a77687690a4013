-- The vroegsignalering funnel per area, month and rolling window (1, 3, 12 months):
-- signals -> cases -> contacted -> reached -> result category. A case counts in the month
-- of its earliest signal, so cases add up over months and buurten.
-- Case data comes with DDAS deliveries only: cases are summed per area first, and only
-- areas with a case get every month and window summed; the other areas' counts are zero.
-- The 'Totaal' rows of marts.signals_window_area arrive nearly in this mart's row order
-- (area_level, window_months, month, area_code), which keeps the final sort cheap.
-- grain: one row per area_code x window_months x month
with cases as (
    select * from intermediate.int_cases__buurt_month
),

signals as (
    select area_code, area_level, window_months, month, signals, months_covered
    from marts.signals_window_area
    where partner_type = 'Totaal'
),

membership as (
    select * from intermediate.int_areas__membership
),

calendar as (
    select * from intermediate.int_months__calendar
),

window_length as (
    select unnest([1, 3, 12]) as window_months
),

months_with_cases as (
    -- Case data only comes with DDAS deliveries; a month without any case anywhere has no
    -- funnel data at all, which is not the same as zero cases.
    select distinct month from cases
),

-- Which months of each window have case data: the same for every area.
month_window as (
    select
        window_length.window_months,
        calendar.month,
        sum((months_with_cases.month is not null)::integer) over w as months_with_case_data
    from calendar
    cross join window_length
    left join months_with_cases on months_with_cases.month = calendar.month
    window w as (
        partition by window_length.window_months
        order by calendar.month_index
        range between window_length.window_months - 1 preceding and current row
    )
),

case_area_month as (
    select
        membership.area_code,
        cases.month,
        sum(cases.cases) as cases,
        sum(cases.contacted) as contacted,
        sum(cases.reached) as reached,
        sum(cases.result_hulp) as result_hulp,
        sum(cases.result_zelf_opgelost) as result_zelf_opgelost,
        sum(cases.result_geen_hulp_nodig) as result_geen_hulp_nodig,
        sum(cases.result_al_in_beeld) as result_al_in_beeld,
        sum(cases.result_geen_contact) as result_geen_contact,
        sum(cases.result_niet_opgepakt) as result_niet_opgepakt,
        sum(cases.result_lopend) as result_lopend
    from cases
    inner join membership on membership.buurt_code = cases.buurt_code
    group by membership.area_code, cases.month
),

area_month as (
    select
        case_area.area_code,
        calendar.month,
        calendar.month_index,
        coalesce(case_area_month.cases, 0) as cases,
        coalesce(case_area_month.contacted, 0) as contacted,
        coalesce(case_area_month.reached, 0) as reached,
        coalesce(case_area_month.result_hulp, 0) as result_hulp,
        coalesce(case_area_month.result_zelf_opgelost, 0) as result_zelf_opgelost,
        coalesce(case_area_month.result_geen_hulp_nodig, 0) as result_geen_hulp_nodig,
        coalesce(case_area_month.result_al_in_beeld, 0) as result_al_in_beeld,
        coalesce(case_area_month.result_geen_contact, 0) as result_geen_contact,
        coalesce(case_area_month.result_niet_opgepakt, 0) as result_niet_opgepakt,
        coalesce(case_area_month.result_lopend, 0) as result_lopend
    from (select distinct area_code from case_area_month) as case_area
    cross join calendar
    left join case_area_month
        on case_area_month.area_code = case_area.area_code
        and case_area_month.month = calendar.month
),

windowed as (
    select
        area_month.area_code,
        window_length.window_months,
        area_month.month,
        sum(area_month.cases) over w as cases,
        sum(area_month.contacted) over w as contacted,
        sum(area_month.reached) over w as reached,
        sum(area_month.result_hulp) over w as result_hulp,
        sum(area_month.result_zelf_opgelost) over w as result_zelf_opgelost,
        sum(area_month.result_geen_hulp_nodig) over w as result_geen_hulp_nodig,
        sum(area_month.result_al_in_beeld) over w as result_al_in_beeld,
        sum(area_month.result_geen_contact) over w as result_geen_contact,
        sum(area_month.result_niet_opgepakt) over w as result_niet_opgepakt,
        sum(area_month.result_lopend) over w as result_lopend
    from area_month
    cross join window_length
    window w as (
        partition by area_month.area_code, window_length.window_months
        order by area_month.month_index
        range between window_length.window_months - 1 preceding and current row
    )
),

final as (
    select
        signals.area_code,
        signals.area_level,
        signals.window_months,
        signals.month,
        signals.months_covered,
        signals.signals,
        coalesce(windowed.cases, 0)::integer as cases,
        coalesce(windowed.contacted, 0)::integer as contacted,
        coalesce(windowed.reached, 0)::integer as reached,
        coalesce(windowed.result_hulp, 0)::integer as result_hulp,
        coalesce(windowed.result_zelf_opgelost, 0)::integer as result_zelf_opgelost,
        coalesce(windowed.result_geen_hulp_nodig, 0)::integer as result_geen_hulp_nodig,
        coalesce(windowed.result_al_in_beeld, 0)::integer as result_al_in_beeld,
        coalesce(windowed.result_geen_contact, 0)::integer as result_geen_contact,
        coalesce(windowed.result_niet_opgepakt, 0)::integer as result_niet_opgepakt,
        coalesce(windowed.result_lopend, 0)::integer as result_lopend,
        month_window.months_with_case_data::integer as months_with_case_data
    from signals
    inner join month_window
        on month_window.window_months = signals.window_months
        and month_window.month = signals.month
    left join windowed
        on windowed.area_code = signals.area_code
        and windowed.window_months = signals.window_months
        and windowed.month = signals.month
)

select * from final
order by area_level, window_months, month, area_code
