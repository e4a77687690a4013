-- Boundaries per year and level, from the latest run that loaded that year and level.
-- grain: one row per year x level x area_code
with boundary as (
    select * from raw.boundary
),

latest as (
    select *
    from boundary
    qualify run_id = max(run_id) over (partition by year, level)
),

final as (
    select
        year,
        level,
        area_code,
        area_name,
        parent_code,
        gemeente_code,
        coalesce(has_boundary_change, false) as has_boundary_change,
        coalesce(is_water, false) as is_water,
        geometry_geojson,
        source
    from latest
)

select * from final
