-- The files of the run maand__load_run reports, with their counts and quarantine reasons.
-- A file belongs to the run when it was loaded between the run's start and finish.
-- grain: one row per delivery_id
with newest_run as (
    select started_at, finished_at
    from load_run
    order by rows_read is not null desc, started_at desc, run_id desc
    limit 1
),

files as (
    select delivery_report.*
    from delivery_report
    inner join newest_run
        on delivery_report.loaded_at between newest_run.started_at
        and coalesce(newest_run.finished_at, delivery_report.loaded_at)
),

reasons as (
    select
        delivery_id,
        list(struct_pack(reason := reason, rows := rows_quarantined)
             order by rows_quarantined desc, reason) as reasons
    from quarantine_reason
    group by delivery_id
),

final as (
    select
        files.delivery_id,
        files.source_file,
        files.source_format,
        files.period_start,
        files.period_end,
        files.rows_read,
        files.rows_loaded,
        files.rows_duplicate,
        files.rows_quarantined,
        reasons.reasons
    from files
    left join reasons on reasons.delivery_id = files.delivery_id
)

select * from final
order by delivery_id
