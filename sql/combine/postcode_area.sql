-- PC6 -> buurt for the postcode search over all combined gemeenten. A PC6 on a gemeente
-- border is published by both; the published files hold no address counts to choose by,
-- so the search takes the lowest buurt code.
-- grain: one row per pc6
select pc6, min(buurt_code) as buurt_code
from inputs.postcode_area
group by pc6
order by pc6
