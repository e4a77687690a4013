-- Staging area for one run: prepared rows wait here until their whole delivery is read,
-- so duplicates within a delivery are found across chunks. Ordinary tables in a scratch
-- schema, not temporary ones: inside the run's transaction DuckDB writes them out in
-- compressed row groups and keeps memory bounded (a 10-million-signal run held them all in
-- memory as temporary tables). They are dropped before the run commits, so they never
-- reach the committed warehouse; they hold no personal data either.
create schema if not exists scratch;
create or replace table scratch.pending_signal (
    delivery_slot integer not null,
    signal_key varchar not null,
    is_derived_id boolean not null,
    source_row integer,
    source_ref varchar,
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
create or replace table scratch.pending_quarantine (
    delivery_slot integer not null,
    source_row integer,
    source_ref varchar,
    signal_key varchar,
    reason varchar not null,
    detail varchar
);
create or replace table scratch.pending_case (
    delivery_slot integer not null,
    case_ref varchar not null,
    resultaat varchar,
    result_category varchar,
    matchingsdatum date,
    datum_opgepakt date,
    startdatum_matchingperiode date,
    einddatum_matchingperiode date
);
create or replace table scratch.pending_case_member (
    delivery_slot integer not null,
    case_ref varchar not null,
    signal_key varchar not null
);
create or replace table scratch.pending_contact (
    delivery_slot integer not null,
    case_ref varchar not null,
    soort varchar,
    is_bereikt boolean,
    datum date,
    dagdeel varchar
);
