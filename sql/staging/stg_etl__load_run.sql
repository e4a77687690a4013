-- The ETL runs with the totals of their reports. A view, so publishing sees the run that is
-- publishing as finished. Only runs that read signal files (signals, demo) have row counts:
-- the reports of boundary, CBS, area and publish runs say 0 rows read, which would make
-- them look like the newest signal load.
-- grain: one row per run_id
with run as (
    select *, command in ('signals', 'demo') as reads_signals from raw.load_run
),

final as (
    select
        run_id,
        command,
        started_at,
        finished_at,
        status,
        case when reads_signals
            then try_cast(json_extract(report_json, '$.rows_read') as integer) end as rows_read,
        case when reads_signals
            then try_cast(json_extract(report_json, '$.rows_loaded') as integer) end as rows_loaded,
        case when reads_signals
            then try_cast(json_extract(report_json, '$.rows_duplicate') as integer) end as rows_duplicate,
        case when reads_signals
            then json_extract_string(report_json, '$.rows_quarantined') end as rows_quarantined_json,
        json_extract_string(report_json, '$.error') as error
    from run
)

select * from final
