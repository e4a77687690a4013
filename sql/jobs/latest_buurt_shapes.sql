-- Buurt polygons of the latest boundary year, for placing signals by coordinates.
select area_code as buurt_code, geometry_geojson
from staging.stg_geo__boundary
where level = 'buurt'
qualify year = max(year) over ()
