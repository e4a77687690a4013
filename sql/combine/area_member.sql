-- Custom-area membership of every combined gemeente.
-- grain: one row per area_code x buurt_code
select * exclude (source_index)
from inputs.area_member
order by division, area_code, buurt_code
