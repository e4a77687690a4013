-- The buurt of a postcode: an exact PC6, or for a PC4 the buurt most of its PC6s lie in.
select postcode_area.buurt_code, count(*) as postcodes
from postcode_area
where postcode_area.pc6 = $postcode or left(postcode_area.pc6, 4) = $postcode
group by postcode_area.buurt_code
order by postcodes desc, postcode_area.buurt_code
limit 1
