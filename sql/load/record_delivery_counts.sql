-- Store the delivery's counts next to it, for the load report in the dashboard.
update raw.delivery
set rows_read = $rows_read,
    rows_loaded = $rows_loaded,
    rows_duplicate = $rows_duplicate,
    rows_quarantined = $rows_quarantined
where delivery_id = $delivery_id
