-- CBS codes used by figures or signals that do not exist in the boundaries of their year
-- (the newest boundary year not after it). They are reported, never silently dropped.
-- grain: one row per area_code x year x source
with indicator as (
    select distinct area_code, year from staging.stg_cbs__indicator
),

signal as (
    select buurt_code as area_code, year(month) as year, count(*) as signals
    from staging.stg_signals__signal
    group by all
),

boundary as (
    select * from staging.stg_geo__boundary where level in ('buurt', 'wijk', 'gemeente')
),

used as (
    select area_code, year, 'cbs' as source, null::bigint as signals from indicator
    union all
    select area_code, year, 'signalen', signals from signal
),

level_years as (
    select distinct level, year from boundary
),

matched as (
    select
        used.area_code,
        used.year,
        used.source,
        used.signals,
        case left(used.area_code, 2)
            when 'BU' then 'buurt' when 'WK' then 'wijk' when 'GM' then 'gemeente'
        end as level,
        (
            select coalesce(max(level_years.year) filter (where level_years.year <= used.year),
                            min(level_years.year))
            from level_years
            where level_years.level = case left(used.area_code, 2)
                when 'BU' then 'buurt' when 'WK' then 'wijk' when 'GM' then 'gemeente' end
        ) as boundary_year
    from used
),

final as (
    select
        matched.area_code,
        matched.year,
        matched.source,
        matched.level,
        matched.boundary_year,
        matched.signals,
        case when matched.boundary_year is null then 'geen grenzen van dit niveau geladen'
            else 'code bestaat niet in de grenzen van ' || matched.boundary_year end as issue
    from matched
    left join boundary
        on boundary.area_code = matched.area_code and boundary.year = matched.boundary_year
    where matched.level is not null and boundary.area_code is null
)

select * from final
