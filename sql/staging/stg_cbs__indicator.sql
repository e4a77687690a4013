-- CBS figures, the latest run's value per area, year and measure.
-- grain: one row per area_code x year x measure
with indicator as (
    select * from raw.cbs_indicator
),

final as (
    select area_code, year, measure, value, null_reason, source, is_demo
    from indicator
    qualify row_number() over (
        partition by area_code, year, measure order by run_id desc
    ) = 1
)

select * from final
