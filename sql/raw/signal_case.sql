-- Vroegsignaalzaken: the municipality's handling of one or more signals.
create table if not exists raw.signal_case (
    delivery_id integer not null,
    case_key varchar not null,
    resultaat varchar,
    result_category varchar,
    matchingsdatum date,
    datum_opgepakt date,
    startdatum_matchingperiode date,
    einddatum_matchingperiode date
);
