-- Published custom-area membership.
-- grain: one row per area_code x buurt_code
select * from marts.area_member
