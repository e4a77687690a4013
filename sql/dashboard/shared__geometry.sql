-- Web geometry of one level for a year: the newest boundary year not after it (or the
-- oldest available when all are later), so map and statistics use the same year.
with years as (
    select distinct year from area where area_level = $level
),

chosen as (
    select coalesce(max(year) filter (where year <= $year), min(year)) as year from years
)

select area.area_code, area.area_name, area.geometry_geojson, area.year
from area
inner join chosen on chosen.year = area.year
where area.area_level = $level
order by area.area_code
