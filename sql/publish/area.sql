-- Published areas with web geometry (GeoJSON, WGS84), per boundary year.
-- grain: one row per area_code x year
select * from marts.area
