-- The areas directly inside an area: buurten of a wijk or custom area, wijken of the
-- gemeente.
with areas as (
    select area_code, area_name, area_level, parent_code
    from area
    qualify row_number() over (partition by area_code order by year desc) = 1
)

select areas.area_code, areas.area_name, areas.area_level
from areas
where areas.parent_code = $code and areas.area_level in ('buurt', 'wijk')
union
select areas.area_code, areas.area_name, areas.area_level
from area_member
inner join areas on areas.area_code = area_member.buurt_code
where area_member.area_code = $code
order by area_name
