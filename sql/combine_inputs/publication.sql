-- One row per municipal publication being combined, from its own meta table; the file
-- name comes from the command line (registered as combine_source_file).
-- grain: one row per source_index
with meta as (
    select * from inputs.meta
),

source_file as (
    select * from combine_source_file
),

pivoted as (
    select
        source_index,
        max(value) filter (where key = 'gemeente_code') as gemeente_code,
        max(value) filter (where key = 'published_at') as published_at,
        nullif(max(value) filter (where key = 'first_month'), '')::date as first_month,
        nullif(max(value) filter (where key = 'last_month'), '')::date as last_month,
        nullif(max(value) filter (where key = 'last_loaded_at'), '')::timestamp
            as last_loaded_at,
        coalesce(max(value) filter (where key = 'is_demo') = 'true', false) as is_demo,
        max(value) filter (where key = 'disclosure_threshold')::integer
            as disclosure_threshold,
        max(value) filter (where key = 'min_households')::integer as min_households
    from meta
    group by source_index
),

final as (
    select
        pivoted.source_index,
        source_file.source_file,
        pivoted.gemeente_code,
        pivoted.published_at,
        pivoted.first_month,
        pivoted.last_month,
        pivoted.last_loaded_at,
        pivoted.is_demo,
        pivoted.disclosure_threshold,
        pivoted.min_households
    from pivoted
    inner join source_file on source_file.source_index = pivoted.source_index
)

select * from final
