-- Custom area membership, from the latest run that loaded each division.
-- grain: one row per division x area_code x buurt_code
with member as (
    select * from raw.area_member
),

final as (
    select distinct division, area_code, area_name, buurt_code, source
    from member
    qualify run_id = max(run_id) over (partition by division)
)

select * from final
