-- The vroegsignalering funnel per area, month and rolling window (1, 3, 12 months):
-- signals -> cases -> contacted -> reached -> result category. A case counts in the month
-- of its earliest signal, so cases add up over months and buurten.
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

area_month as (
    select
        membership.area_code,
        calendar.month,
        calendar.month_index,
        coalesce(sum(cases.cases), 0) as cases,
        coalesce(sum(cases.contacted), 0) as contacted,
        coalesce(sum(cases.reached), 0) as reached,
        coalesce(sum(cases.result_hulp), 0) as result_hulp,
        coalesce(sum(cases.result_zelf_opgelost), 0) as result_zelf_opgelost,
        coalesce(sum(cases.result_geen_hulp_nodig), 0) as result_geen_hulp_nodig,
        coalesce(sum(cases.result_al_in_beeld), 0) as result_al_in_beeld,
        coalesce(sum(cases.result_geen_contact), 0) as result_geen_contact,
        coalesce(sum(cases.result_niet_opgepakt), 0) as result_niet_opgepakt,
        coalesce(sum(cases.result_lopend), 0) as result_lopend,
        any_value(months_with_cases.month is not null) as has_case_data
    from (select distinct area_code from membership) as area
    cross join calendar
    inner join membership on membership.area_code = area.area_code
    left join cases
        on cases.buurt_code = membership.buurt_code and cases.month = calendar.month
    left join months_with_cases on months_with_cases.month = calendar.month
    group by membership.area_code, calendar.month, calendar.month_index
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
        sum(area_month.result_lopend) over w as result_lopend,
        sum(area_month.has_case_data::integer) over w as months_with_case_data
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
        windowed.cases::integer as cases,
        windowed.contacted::integer as contacted,
        windowed.reached::integer as reached,
        windowed.result_hulp::integer as result_hulp,
        windowed.result_zelf_opgelost::integer as result_zelf_opgelost,
        windowed.result_geen_hulp_nodig::integer as result_geen_hulp_nodig,
        windowed.result_al_in_beeld::integer as result_al_in_beeld,
        windowed.result_geen_contact::integer as result_geen_contact,
        windowed.result_niet_opgepakt::integer as result_niet_opgepakt,
        windowed.result_lopend::integer as result_lopend,
        windowed.months_with_case_data::integer as months_with_case_data
    from signals
    inner join windowed
        on windowed.area_code = signals.area_code
        and windowed.window_months = signals.window_months
        and windowed.month = signals.month
)

select * from final
order by area_level, window_months, month, area_code
