-- Codes without a boundary in their year (reported, not dropped).
select area_code, year, source, issue, signals
from area_code_check
order by source, year, area_code
