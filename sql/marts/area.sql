-- Every area with its name, level, parent and web geometry, per boundary year.
-- Levels: buurt, wijk, gemeente, and custom divisions (e.g. nplv).
-- grain: one row per area_code x year
with boundary as (
    select * from staging.stg_geo__boundary
),

final as (
    select
        area_code,
        area_name,
        level as area_level,
        case
            when level = 'buurt' then 'WK' || substr(area_code, 3, 6)
            when level = 'wijk' then 'GM' || substr(area_code, 3, 4)
            when level = 'gemeente' then null
            else gemeente_code
        end as parent_code,
        year,
        has_boundary_change,
        is_water,
        geometry_geojson,
        source
    from boundary
)

select * from final
order by area_level, area_code, year
