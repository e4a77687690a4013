-- The ETL runs with the totals of their reports. A view, so publishing sees the run that is
-- publishing as finished.
-- grain: one row per run_id
with run as (
    select * from raw.load_run
),

final as (
    select
        run_id,
        command,
        started_at,
        finished_at,
        status,
        try_cast(json_extract(report_json, '$.rows_read') as integer) as rows_read,
        try_cast(json_extract(report_json, '$.rows_loaded') as integer) as rows_loaded,
        try_cast(json_extract(report_json, '$.rows_duplicate') as integer) as rows_duplicate,
        json_extract_string(report_json, '$.rows_quarantined') as rows_quarantined_json,
        json_extract_string(report_json, '$.error') as error
    from run
)

select * from final
