-- Postcodes users might type in the map's search: a fixed sample of published PC6s.
-- grain: one row per pc6
select pc6
from postcode_area
using sample reservoir(200 rows) repeatable (1)
