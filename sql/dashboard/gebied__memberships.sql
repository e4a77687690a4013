-- Custom areas a buurt belongs to (e.g. Groningen-Noord), for links and comparisons.
select distinct area_code, area_name, division
from area_member
where buurt_code = $code
order by division, area_name
