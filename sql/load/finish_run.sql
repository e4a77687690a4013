-- Close a run record with its outcome and the report the CLI printed.
update raw.load_run
set finished_at = now(), status = $status, report_json = $report_json
where run_id = $run_id
