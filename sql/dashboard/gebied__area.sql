-- One area: newest name, level, parent (with its name) and boundary years.
with areas as (
    select *
    from area
    qualify row_number() over (partition by area_code order by year desc) = 1
)

select
    areas.area_code,
    areas.area_name,
    areas.area_level,
    areas.parent_code,
    parent.area_name as parent_name,
    coalesce((select list(distinct year order by year) from area where area_code = $code), [])
        as years,
    coalesce((select list(distinct year order by year) from area
              where area_code = $code and has_boundary_change), []) as change_years
from areas
left join areas as parent on parent.area_code = areas.parent_code
where areas.area_code = $code
