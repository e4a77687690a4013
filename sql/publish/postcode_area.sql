-- Published PC6 -> buurt for the postcode search.
-- grain: one row per pc6
select * from marts.postcode_area
