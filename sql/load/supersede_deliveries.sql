-- A corrected re-delivery (same key, another file) replaces what the earlier one loaded.
update raw.delivery
set superseded_by = $delivery_id
where delivery_key = $delivery_key
  and delivery_id <> $delivery_id
  and superseded_by is null
