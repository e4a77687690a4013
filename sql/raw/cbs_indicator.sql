-- CBS figures per area, year and measure (long, so a debt table loaded later adds to the
-- income figures loaded earlier). A NULL value always carries the reason it is missing.
create table if not exists raw.cbs_indicator (
    area_code varchar not null,
    year integer not null,
    measure varchar not null,
    value double,
    null_reason varchar,
    source varchar not null,
    is_demo boolean not null,
    run_id integer not null
);
