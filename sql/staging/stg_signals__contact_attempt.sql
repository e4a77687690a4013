-- Contact attempts of current cases.
-- grain: one row per contact attempt (no natural key; case_key x datum x soort may repeat)
with contact as (
    select * from raw.contact_attempt
),

signal_case as (
    select * from staging.stg_signals__case
),

final as (
    select contact.case_key, contact.soort, contact.is_bereikt, contact.datum, contact.dagdeel
    from contact
    inner join signal_case on signal_case.case_key = contact.case_key
)

select * from final
