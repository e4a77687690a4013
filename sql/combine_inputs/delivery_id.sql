-- A new delivery_id for every delivery of every input: ids start at 1 in each municipal
-- warehouse, and the monthly review joins files to their quarantine reasons by id, so the
-- ids of two gemeenten must not meet.
-- grain: one row per source_index x source_delivery_id
with ids as (
    select source_index, delivery_id from inputs.delivery_report
    union
    select source_index, delivery_id from inputs.quarantine_reason
),

final as (
    select
        source_index,
        delivery_id as source_delivery_id,
        row_number() over (order by source_index, delivery_id)::integer as delivery_id
    from ids
)

select * from final
