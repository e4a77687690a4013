-- The funnel per buurt and month: each case counts in the buurt and month of its earliest
-- signal, so cases add up over buurten like signals do.
-- grain: one row per buurt_code x month
with signal as (
    select * from staging.stg_signals__signal
),

signal_case as (
    select * from staging.stg_signals__case
),

member as (
    select * from staging.stg_signals__case_member
),

contact as (
    select * from staging.stg_signals__contact_attempt
),

case_anchor as (
    select
        member.case_key,
        arg_min(signal.buurt_code, signal.signaaldatum) as buurt_code,
        min(signal.month) as month
    from member
    inner join signal on signal.signal_key = member.signal_key
    group by member.case_key
),

case_contact as (
    select
        case_key,
        count(*) > 0 as is_contacted,
        coalesce(bool_or(is_bereikt), false) as is_reached
    from contact
    group by case_key
),

case_rows as (
    select
        case_anchor.buurt_code,
        case_anchor.month,
        signal_case.result_category,
        coalesce(case_contact.is_contacted, false) as is_contacted,
        coalesce(case_contact.is_reached, false) as is_reached
    from signal_case
    inner join case_anchor on case_anchor.case_key = signal_case.case_key
    left join case_contact on case_contact.case_key = signal_case.case_key
),

final as (
    select
        buurt_code,
        month,
        count(*) as cases,
        count(*) filter (where is_contacted) as contacted,
        count(*) filter (where is_reached) as reached,
        count(*) filter (where result_category = 'hulp') as result_hulp,
        count(*) filter (where result_category = 'zelf opgelost') as result_zelf_opgelost,
        count(*) filter (where result_category = 'geen hulp nodig') as result_geen_hulp_nodig,
        count(*) filter (where result_category = 'al in beeld') as result_al_in_beeld,
        count(*) filter (where result_category = 'geen contact') as result_geen_contact,
        count(*) filter (where result_category = 'niet opgepakt') as result_niet_opgepakt,
        count(*) filter (where result_category = 'lopend') as result_lopend
    from case_rows
    group by buurt_code, month
)

select * from final
