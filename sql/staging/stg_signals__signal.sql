-- Signals of current deliveries, with the month they count in and their wijk.
-- grain: one row per signal_key
with signal as (
    select * from raw.signal
),

delivery as (
    select * from staging.stg_signals__delivery
),

final as (
    select
        signal.signal_key,
        signal.delivery_id,
        cast(date_trunc('month', signal.signaaldatum) as date) as month,
        signal.signaaldatum,
        signal.partner_type,
        signal.bedrag,
        signal.status,
        signal.is_crisis,
        signal.buurt_code,
        'WK' || substr(signal.buurt_code, 3, 6) as wijk_code,
        signal.placement_method,
        signal.household_key,
        delivery.is_demo
    from signal
    inner join delivery on delivery.delivery_id = signal.delivery_id
)

select * from final
