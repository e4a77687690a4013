-- Published funnel per area, window and month, small counts suppressed like the signals.
-- grain: one row per area_code x window_months x month
with funnel as (
    select * from marts.funnel_window_area
),

final as (
    select
        area_code,
        area_level,
        window_months,
        month,
        case when signals between 1 and $threshold - 1 then null else signals end as signals,
        case when cases between 1 and $threshold - 1 then null else cases end as cases,
        case when contacted between 1 and $threshold - 1 then null else contacted end
            as contacted,
        case when reached between 1 and $threshold - 1 then null else reached end as reached,
        case when result_hulp between 1 and $threshold - 1 then null else result_hulp end
            as result_hulp,
        case when result_zelf_opgelost between 1 and $threshold - 1 then null
            else result_zelf_opgelost end as result_zelf_opgelost,
        case when result_geen_hulp_nodig between 1 and $threshold - 1 then null
            else result_geen_hulp_nodig end as result_geen_hulp_nodig,
        case when result_al_in_beeld between 1 and $threshold - 1 then null
            else result_al_in_beeld end as result_al_in_beeld,
        case when result_geen_contact between 1 and $threshold - 1 then null
            else result_geen_contact end as result_geen_contact,
        case when result_niet_opgepakt between 1 and $threshold - 1 then null
            else result_niet_opgepakt end as result_niet_opgepakt,
        case when result_lopend between 1 and $threshold - 1 then null
            else result_lopend end as result_lopend,
        months_with_case_data
    from funnel
)

select * from final
order by area_level, window_months, month, area_code
