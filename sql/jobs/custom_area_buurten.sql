-- The buurt shapes of every custom area, per boundary year, to dissolve into its outline.
with member as (
    select * from staging.stg_areas__member
),

buurt as (
    select * from staging.stg_geo__boundary where level = 'buurt'
),

final as (
    select
        buurt.year,
        member.division,
        member.area_code,
        member.area_name,
        buurt.gemeente_code,
        buurt.geometry_geojson
    from member
    inner join buurt on buurt.area_code = member.buurt_code
)

select * from final
