-- Keep quarantined rows findable (file, row, reason) so they can be fixed and re-delivered.
insert into raw.quarantine
select
    $delivery_id as delivery_id,
    $source_file as source_file,
    source_row,
    source_ref,
    signal_key,
    reason,
    detail
from temp.pending_quarantine
where delivery_slot = $delivery_slot
