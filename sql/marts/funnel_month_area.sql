-- The vroegsignalering funnel per area and month: signals -> cases -> contacted ->
-- reached -> result category.
-- grain: one row per area_code x month
with cases as (
    select * from intermediate.int_cases__buurt_month
),

signals as (
    select area_code, area_level, month, signals
    from marts.signals_window_area
    where window_months = 1 and partner_type = 'Totaal'
),

membership as (
    select * from intermediate.int_areas__membership
),

area_cases as (
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
    group by all
),

final as (
    select
        signals.area_code,
        signals.area_level,
        signals.month,
        signals.signals,
        coalesce(area_cases.cases, 0)::integer as cases,
        coalesce(area_cases.contacted, 0)::integer as contacted,
        coalesce(area_cases.reached, 0)::integer as reached,
        coalesce(area_cases.result_hulp, 0)::integer as result_hulp,
        coalesce(area_cases.result_zelf_opgelost, 0)::integer as result_zelf_opgelost,
        coalesce(area_cases.result_geen_hulp_nodig, 0)::integer as result_geen_hulp_nodig,
        coalesce(area_cases.result_al_in_beeld, 0)::integer as result_al_in_beeld,
        coalesce(area_cases.result_geen_contact, 0)::integer as result_geen_contact,
        coalesce(area_cases.result_niet_opgepakt, 0)::integer as result_niet_opgepakt,
        coalesce(area_cases.result_lopend, 0)::integer as result_lopend
    from signals
    left join area_cases
        on area_cases.area_code = signals.area_code and area_cases.month = signals.month
)

select * from final
order by area_level, month, area_code
