-- Links from a delivery's cases to the signals they handle.
insert into raw.signal_case_member
select distinct
    $delivery_id || ':' || case_ref as case_key,
    signal_key
from temp.pending_case_member
where delivery_slot = $delivery_slot
