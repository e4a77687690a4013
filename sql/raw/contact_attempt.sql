-- Contactpogingen of a case: how, when, and whether the resident was reached.
create table if not exists raw.contact_attempt (
    case_key varchar not null,
    soort varchar,
    is_bereikt boolean,
    datum date,
    dagdeel varchar
);
