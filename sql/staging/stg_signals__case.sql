-- Cases of current deliveries.
-- grain: one row per case_key
with signal_case as (
    select * from raw.signal_case
),

delivery as (
    select * from staging.stg_signals__delivery
),

final as (
    select
        signal_case.case_key,
        signal_case.delivery_id,
        signal_case.resultaat,
        coalesce(signal_case.result_category, 'lopend') as result_category,
        signal_case.matchingsdatum,
        signal_case.datum_opgepakt
    from signal_case
    inner join delivery on delivery.delivery_id = signal_case.delivery_id
)

select * from final
