-- Published list of codes that do not exist in the boundaries of their year. Signal counts
-- are suppressed like all other counts.
-- grain: one row per area_code x year x source
select
    area_code,
    year,
    source,
    level,
    boundary_year,
    case when signals between 1 and $threshold - 1 then null else signals end as signals,
    issue
from marts.area_code_check
