-- Quarantined rows per delivery and reason, under the renumbered delivery_id of
-- delivery_report, so a file's reasons stay with that file.
-- grain: one row per delivery_id x reason
with reason as (
    select * from inputs.quarantine_reason
),

ids as (
    select * from inputs.delivery_id
),

final as (
    select
        ids.delivery_id,
        reason.* exclude (source_index, delivery_id)
    from reason
    inner join ids
        on ids.source_index = reason.source_index
        and ids.source_delivery_id = reason.delivery_id
)

select * from final
order by delivery_id, rows_quarantined desc, reason
