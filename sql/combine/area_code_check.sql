-- Codes without a boundary in their year, over all combined gemeenten (a code reported by
-- two gemeenten appears once).
-- grain: one row per area_code x year x source
select distinct * exclude (source_index)
from inputs.area_code_check
order by source, year, area_code
