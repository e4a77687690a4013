-- The shared file's description of itself, in the keys of a municipal file's meta table.
-- Period: from the earliest first month to the newest last month of any gemeente (the
-- months the dashboard offers); last_month_all_gemeenten is the newest month every gemeente
-- has delivered. gemeente_code is '*' (several gemeenten, as in a national installation)
-- unless only one file was combined. The disclosure rules are equal in every input (the
-- combine step checks); max() is the safe side should that ever change.
-- grain: one row per key
with publication as (
    select * from inputs.publication
),

summary as (
    select
        case when count(*) = 1 then any_value(gemeente_code) else '*' end as gemeente_code,
        string_agg(gemeente_code, ',' order by gemeente_code) as gemeenten,
        count(*) as sources,
        max(disclosure_threshold) as disclosure_threshold,
        max(min_households) as min_households,
        min(first_month) as first_month,
        max(last_month) as last_month,
        min(last_month) as last_month_all_gemeenten,
        max(last_loaded_at) as last_loaded_at,
        bool_or(is_demo) as is_demo
    from publication
),

final as (
    select 'published_at' as key, $published_at as value
    union all select 'gemeente_code', gemeente_code from summary
    union all select 'disclosure_threshold', disclosure_threshold::varchar from summary
    union all select 'min_households', min_households::varchar from summary
    union all select 'first_month', coalesce(first_month::varchar, '') from summary
    union all select 'last_month', coalesce(last_month::varchar, '') from summary
    union all select 'last_loaded_at',
        coalesce(strftime(last_loaded_at, '%Y-%m-%dT%H:%M:%S'), '') from summary
    union all select 'is_demo', case when is_demo then 'true' else 'false' end from summary
    union all select 'gemeenten', gemeenten from summary
    union all select 'sources', sources::varchar from summary
    union all select 'last_month_all_gemeenten',
        coalesce(last_month_all_gemeenten::varchar, '') from summary
)

select * from final
