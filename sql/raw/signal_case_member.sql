-- Which signals (by signal key) a case handles.
create table if not exists raw.signal_case_member (
    case_key varchar not null,
    signal_key varchar not null
);
