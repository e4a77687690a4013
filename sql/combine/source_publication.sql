-- The municipal publications the shared file was combined from: which gemeente, when it
-- was published, and the period each covers (gemeenten deliver at their own pace, so the
-- shared file's last month need not be every gemeente's).
-- grain: one row per source_file
select
    source_file,
    gemeente_code,
    published_at,
    first_month,
    last_month,
    last_loaded_at,
    is_demo,
    disclosure_threshold,
    min_households
from inputs.publication
order by gemeente_code, source_file
