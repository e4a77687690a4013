-- Codes of the figures or signals just loaded that have no boundary in their year.
select area_code, year, issue
from intermediate.int_areas__code_check
where source = $source
order by year, area_code
