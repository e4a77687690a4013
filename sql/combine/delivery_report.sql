-- Every combined gemeente's deliveries with their load counts; delivery_id is renumbered
-- over all gemeenten, the gemeente's own id and code stay beside it.
-- grain: one row per delivery_id
with report as (
    select * from inputs.delivery_report
),

ids as (
    select * from inputs.delivery_id
),

publication as (
    select * from inputs.publication
),

final as (
    select
        ids.delivery_id,
        report.* exclude (source_index, delivery_id),
        publication.gemeente_code,
        report.delivery_id as source_delivery_id
    from report
    inner join ids
        on ids.source_index = report.source_index
        and ids.source_delivery_id = report.delivery_id
    inner join publication on publication.source_index = report.source_index
)

select * from final
order by loaded_at, delivery_id
