-- One row per delivery loaded: a levering of a DDAS file, or a whole CSV/XLSX export.
-- A corrected re-delivery (same delivery_key, other file) sets superseded_by on the old one.
create table if not exists raw.delivery (
    delivery_id integer primary key,
    run_id integer not null,
    source_file varchar not null,
    file_sha256 varchar not null,
    source_format varchar not null,
    delivery_key varchar not null,
    supplier varchar,
    period_start date,
    period_end date,
    is_demo boolean not null,
    loaded_at timestamp not null,
    rows_read integer,
    rows_loaded integer,
    rows_duplicate integer,
    rows_quarantined integer,
    superseded_by integer
);
