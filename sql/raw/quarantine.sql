-- Rows that could not be loaded, with where they are and why; never their content.
create table if not exists raw.quarantine (
    delivery_id integer not null,
    source_file varchar not null,
    source_row integer,
    source_ref varchar,
    signal_key varchar,
    reason varchar not null,
    detail varchar
);
