-- Buurt codes of all loaded boundary years, to check custom area files against.
select distinct area_code from raw.boundary where level = 'buurt'
