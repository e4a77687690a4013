-- Custom areas: named sets of buurt codes (NPLV Groningen-Noord, WIJ-team areas ...).
create table if not exists raw.area_member (
    division varchar not null,
    area_code varchar not null,
    area_name varchar not null,
    buurt_code varchar not null,
    source varchar not null,
    run_id integer not null
);
