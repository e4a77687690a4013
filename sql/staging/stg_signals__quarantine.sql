-- Quarantined rows of current deliveries.
-- grain: one row per delivery_id x source_row x source_ref
with quarantine as (
    select * from raw.quarantine
),

delivery as (
    select * from staging.stg_signals__delivery
),

final as (
    select
        quarantine.delivery_id,
        quarantine.source_file,
        quarantine.source_row,
        quarantine.source_ref,
        quarantine.reason,
        quarantine.detail
    from quarantine
    inner join delivery on delivery.delivery_id = quarantine.delivery_id
)

select * from final
