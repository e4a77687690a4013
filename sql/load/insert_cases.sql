-- Cases of a delivery; the case key is unique per delivery (its JSON path).
insert into raw.signal_case
select
    $delivery_id as delivery_id,
    $delivery_id || ':' || case_ref as case_key,
    resultaat,
    result_category,
    matchingsdatum,
    datum_opgepakt,
    startdatum_matchingperiode,
    einddatum_matchingperiode
from temp.pending_case
where delivery_slot = $delivery_slot
