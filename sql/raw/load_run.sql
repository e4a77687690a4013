-- One row per ETL command that changed the warehouse; the report is the JSON the CLI printed.
create table if not exists raw.load_run (
    run_id integer primary key,
    command varchar not null,
    started_at timestamp not null,
    finished_at timestamp,
    status varchar not null,
    report_json varchar
);
