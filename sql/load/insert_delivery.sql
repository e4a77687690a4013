-- Register a delivery; the id ties its rows together and lets a re-delivery replace them.
insert into raw.delivery (
    delivery_id, run_id, source_file, file_sha256, source_format, delivery_key, supplier,
    period_start, period_end, is_demo, loaded_at
)
values (
    nextval('raw.delivery_id_seq'), $run_id, $source_file, $file_sha256, $source_format,
    $delivery_key, $supplier, $period_start, $period_end, $is_demo, now()
)
returning delivery_id
