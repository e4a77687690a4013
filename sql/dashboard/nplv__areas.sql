-- The custom areas of one division (e.g. nplv: Groningen-Noord and the rest of the gemeente;
-- nplv_wijken: its eight neighbourhoods) with their names and number of buurten.
-- grain: one row per area_code
select area_code, any_value(area_name) as area_name, count(distinct buurt_code) as buurten
from area_member
where division = $division
group by area_code
order by area_name
