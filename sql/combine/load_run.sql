-- Every combined gemeente's ETL runs, each kept with its gemeente: run ids start at 1 in
-- every warehouse, so run_id is renumbered in the order the runs started and the
-- gemeente's own id stays beside it. The monthly review reports the newest run that read
-- signals, of whichever gemeente ran last.
-- grain: one row per run_id
with run as (
    select * from inputs.load_run
),

publication as (
    select * from inputs.publication
),

final as (
    select
        row_number() over (
            order by run.started_at, run.source_index, run.run_id
        )::integer as run_id,
        run.* exclude (source_index, run_id),
        publication.gemeente_code,
        run.run_id as source_run_id
    from run
    inner join publication on publication.source_index = run.source_index
)

select * from final
order by run_id desc
