-- Contact attempts of a delivery's cases.
insert into raw.contact_attempt
select
    $delivery_id || ':' || case_ref as case_key,
    soort,
    is_bereikt,
    datum,
    dagdeel
from temp.pending_contact
where delivery_slot = $delivery_slot
