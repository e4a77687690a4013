-- Vroegsignalen without personal data: the ID and the address are keyed hashes.
create table if not exists raw.signal (
    delivery_id integer not null,
    signal_key varchar not null,
    is_derived_id boolean not null,
    source_row integer,
    signaaldatum date not null,
    ontstaansdatum date,
    partner_type varchar not null,
    bedrag decimal(12, 2),
    status varchar,
    is_crisis boolean,
    is_warme_overdracht boolean,
    buurt_code varchar not null,
    placement_method varchar not null,
    household_key varchar not null
);
