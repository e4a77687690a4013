-- Load a delivery's signals once: the first occurrence of each signal key within the
-- delivery, and only if no other current delivery holds it already.
insert into raw.signal
with pending as (
    select * from temp.pending_signal where delivery_slot = $delivery_slot
),

first_in_delivery as (
    select *
    from pending
    qualify row_number() over (partition by signal_key order by source_row) = 1
),

current_keys as (
    select signal.signal_key
    from raw.signal as signal
    inner join raw.delivery as delivery on delivery.delivery_id = signal.delivery_id
    where delivery.superseded_by is null
      and delivery.delivery_id <> $delivery_id
)

select
    $delivery_id as delivery_id,
    signal_key,
    is_derived_id,
    source_row,
    signaaldatum,
    ontstaansdatum,
    partner_type,
    bedrag,
    status,
    is_crisis,
    is_warme_overdracht,
    buurt_code,
    placement_method,
    household_key
from first_in_delivery
where signal_key not in (select signal_key from current_keys)
