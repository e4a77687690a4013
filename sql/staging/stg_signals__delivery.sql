-- Deliveries that count: not replaced by a corrected re-delivery.
-- grain: one row per delivery_id
with delivery as (
    select * from raw.delivery
),

final as (
    select
        delivery_id,
        run_id,
        source_file,
        source_format,
        delivery_key,
        supplier,
        period_start,
        period_end,
        is_demo,
        loaded_at,
        rows_read,
        rows_loaded,
        rows_duplicate,
        rows_quarantined
    from delivery
    where superseded_by is null
)

select * from final
