-- Links from current cases to signals.
-- grain: one row per case_key x signal_key
with member as (
    select * from raw.signal_case_member
),

signal_case as (
    select * from staging.stg_signals__case
),

final as (
    select distinct member.case_key, member.signal_key
    from member
    inner join signal_case on signal_case.case_key = member.case_key
)

select * from final
