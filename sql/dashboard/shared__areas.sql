-- Every area with its newest name, level and parent, for search and navigation.
select area_code, area_name, area_level, parent_code, year
from area
qualify row_number() over (partition by area_code order by year desc) = 1
order by area_level, area_name
