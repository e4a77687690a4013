-- Which buurten make up each area: a buurt itself, its wijk, its gemeente, custom areas.
-- Buurt is the atom; every other area's counts are sums over these rows.
-- grain: one row per area_code x buurt_code
with buurt as (
    select * from intermediate.int_areas__buurt
),

custom as (
    select * from staging.stg_areas__member
),

final as (
    select buurt_code as area_code, 'buurt' as area_level, buurt_code from buurt
    union all
    select wijk_code, 'wijk', buurt_code from buurt
    union all
    select gemeente_code, 'gemeente', buurt_code from buurt
    union all
    select custom.area_code, custom.division, custom.buurt_code
    from custom
    inner join buurt on buurt.buurt_code = custom.buurt_code
)

select * from final
