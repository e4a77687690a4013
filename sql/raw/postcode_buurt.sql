-- PC6 -> buurt, aggregated from the CBS address table (not personal data): the buurt most
-- addresses of a postcode lie in, for the dashboard's postcode search.
create table if not exists raw.postcode_buurt (
    pc6 varchar not null,
    buurt_code varchar not null,
    addresses integer not null,
    lookup_year integer,
    run_id integer not null
);
