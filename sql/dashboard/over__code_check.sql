-- Codes without a boundary in their year (reported, not dropped).
select area_code, year, source, issue
from area_code_check
order by source, year, area_code
