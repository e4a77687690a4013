-- Areas of every combined gemeente: each gemeente publishes only its own, so the union is
-- the whole (the combine step refuses files that share an area code).
-- grain: one row per area_code x year
select * exclude (source_index)
from inputs.area
order by area_level, area_code, year
