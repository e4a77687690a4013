-- The newest load run that read signal rows (or, before any, the newest run at all): what
-- it read, loaded, skipped as duplicate and quarantined (counts per reason as JSON). Runs
-- of other commands (CBS figures, boundaries, publish) carry no row counts.
-- grain: one row (the chosen run_id)
select
    run_id,
    command,
    started_at,
    finished_at,
    status,
    rows_read,
    rows_loaded,
    rows_duplicate,
    rows_quarantined_json
from load_run
order by rows_read is not null desc, started_at desc, run_id desc
limit 1
