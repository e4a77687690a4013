-- Every buurt the product knows: from the latest boundary year, plus any buurt code that
-- signals were placed in (so a code missing from the boundaries is reported, not dropped).
-- grain: one row per buurt_code
with boundary as (
    select * from staging.stg_geo__boundary where level = 'buurt'
),

latest_boundary as (
    select *
    from boundary
    qualify row_number() over (partition by area_code order by year desc) = 1
),

signal_buurt as (
    select distinct buurt_code from staging.stg_signals__signal
),

all_codes as (
    select area_code as buurt_code from latest_boundary
    union
    select buurt_code from signal_buurt
),

final as (
    select
        all_codes.buurt_code,
        latest_boundary.area_name as buurt_name,
        'WK' || substr(all_codes.buurt_code, 3, 6) as wijk_code,
        'GM' || substr(all_codes.buurt_code, 3, 4) as gemeente_code,
        latest_boundary.year as boundary_year,
        latest_boundary.area_code is not null as has_boundary
    from all_codes
    left join latest_boundary on latest_boundary.area_code = all_codes.buurt_code
)

select * from final
