-- CBS boundaries per year, simplified for the web (GeoJSON text in WGS84).
create table if not exists raw.boundary (
    year integer not null,
    level varchar not null,
    area_code varchar not null,
    area_name varchar not null,
    parent_code varchar,
    gemeente_code varchar not null,
    has_boundary_change boolean,
    is_water boolean,
    geometry_geojson varchar not null,
    source varchar not null,
    run_id integer not null
);
