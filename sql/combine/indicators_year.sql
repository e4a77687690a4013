-- CBS figures of every combined gemeente's areas, as each published them (rates already
-- NULL below the minimum number of households).
-- grain: one row per area_code x year
select * exclude (source_index)
from inputs.indicators_year
order by area_code, year
