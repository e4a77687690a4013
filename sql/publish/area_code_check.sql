-- Published list of codes that do not exist in the boundaries of their year (without
-- counts: a yearly total per code would be one more sum to subtract with).
-- grain: one row per area_code x year x source
select area_code, year, source, level, boundary_year, issue
from marts.area_code_check
