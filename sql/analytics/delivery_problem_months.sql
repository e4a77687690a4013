-- Months in which a partner type's delivery is missing or far below its usual share.
select distinct month
from marts.partner_delivery_month
where is_missing or is_low
