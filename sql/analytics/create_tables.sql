-- Analytics results, recomputed after every run from the marts (see etl/jobs/analytics.py).
create schema if not exists analytics;
create or replace table analytics.signal_expectation (
    area_code varchar not null,
    area_level varchar not null,
    month date not null,
    observed integer not null,
    expected double,
    lower integer,
    upper integer,
    p_value double,
    q_value double,
    is_rise boolean not null,
    is_delivery_problem boolean not null,
    dispersion double
);
create or replace table analytics.structure_expectation (
    area_code varchar not null,
    area_level varchar not null,
    month date not null,
    signals integer not null,
    households integer not null,
    low_income_pct double not null,
    expected double,
    ratio double,
    p_value double,
    q_value double,
    is_under_reached boolean not null,
    slope_per_pct double
);
