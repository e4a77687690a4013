-- Quarantined rows per delivery and reason, for the monthly review's load report.
-- grain: one row per delivery_id x reason
with quarantine as (
    select * from staging.stg_signals__quarantine
),

final as (
    select delivery_id, source_file, reason, count(*)::integer as rows_quarantined
    from quarantine
    group by delivery_id, source_file, reason
)

select * from final
order by delivery_id, rows_quarantined desc, reason
