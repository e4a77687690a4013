-- Codes without a boundary in their year, for the data steward and "Over de data".
-- grain: one row per area_code x year x source
select * from intermediate.int_areas__code_check
order by source, year, area_code
