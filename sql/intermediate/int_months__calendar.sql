-- Every month from the first to the last signal month, so gaps show as zeros, not as
-- missing rows.
-- grain: one row per month
with bounds as (
    select min(month) as first_month, max(month) as last_month
    from staging.stg_signals__signal
),

final as (
    select
        cast(generate_series as date) as month,
        year(generate_series) * 12 + month(generate_series) - 1 as month_index
    from bounds, generate_series(bounds.first_month, bounds.last_month, interval 1 month)
)

select * from final
