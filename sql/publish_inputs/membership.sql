-- Which buurten make up each area; the sums an attacker could subtract with follow from it.
select area_code, area_level, buurt_code from intermediate.int_areas__membership
