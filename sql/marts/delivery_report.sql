-- The deliveries that make up the published data, with their load counts.
-- grain: one row per delivery_id
with delivery as (
    select * from staging.stg_signals__delivery
),

final as (
    select
        delivery_id,
        source_file,
        source_format,
        supplier,
        period_start,
        period_end,
        loaded_at,
        is_demo,
        rows_read,
        rows_loaded,
        rows_duplicate,
        rows_quarantined
    from delivery
)

select * from final
order by loaded_at, delivery_id
