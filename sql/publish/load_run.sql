-- Published history of ETL runs, newest first.
-- grain: one row per run_id
select * from staging.stg_etl__load_run
order by run_id desc
