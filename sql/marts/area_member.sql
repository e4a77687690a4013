-- Custom areas as sets of buurten (the NPLV focus area, its neighbourhoods, the rest of the
-- gemeente ...): the key to query any published table per custom area.
-- grain: one row per area_code x buurt_code
with member as (
    select * from staging.stg_areas__member
),

final as (
    select division, area_code, area_name, buurt_code, source
    from member
)

select * from final
order by division, area_code, buurt_code
