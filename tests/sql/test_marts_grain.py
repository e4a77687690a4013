"""The grain contract: every mart's '-- grain:' columns are unique and never NULL, checked on
a small warehouse built with the real DDL and models from SQL text."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from etl.jobs.warehouse_run import WarehouseRun
from etl.settings import read_settings
from etl.sqlfiles import SQL_ROOT

MART_FILES = sorted((SQL_ROOT / "marts").glob("*.sql"))
SQUARE = '{"type":"Polygon","coordinates":[[[6.56,53.21],[6.57,53.21],[6.57,53.22],[6.56,53.21]]]}'

FIXTURE_SQL = f"""
insert into raw.delivery (delivery_id, run_id, source_file, file_sha256, source_format,
    delivery_key, is_demo, loaded_at, superseded_by)
values
    (1, 1, 'maart.json', 'a', 'ddas-json-1.2', 'ddas:T:GM0014:2024-03-01:2024-03-31', false,
     timestamp '2024-04-02 10:00:00', 2),
    (2, 1, 'maart_correctie.json', 'b', 'ddas-json-1.2', 'ddas:T:GM0014:2024-03-01:2024-03-31',
     false, timestamp '2024-04-03 10:00:00', null),
    (3, 1, 'export.csv', 'c', 'csv', 'export:export', false, timestamp '2024-05-02 10:00:00',
     null);

insert into raw.signal (delivery_id, signal_key, is_derived_id, signaaldatum, partner_type,
    buurt_code, placement_method, household_key)
select delivery_id, 's' || delivery_id || '-' || i, false, day, partner, buurt, 'adres',
    'h' || (i % 4)
from (values
    (1, date '2024-03-03', 'Zorg', 'BU00140000', 3),
    (2, date '2024-03-04', 'Zorg', 'BU00140000', 6),
    (2, date '2024-03-20', 'Water', 'BU00140001', 2),
    (3, date '2024-04-10', 'Energie', 'BU00140100', 7),
    (3, date '2024-06-10', 'Huur', 'BU00149999', 1)
) as t(delivery_id, day, partner, buurt, n), range(n) as r(i);

insert into raw.quarantine values
    (2, 'maart_correctie.json', 4, '$.leveringen[0].vroegsignalen[3]', null, 'schema', 'x'),
    (3, 'export.csv', 9, 'regel 9', 'k', 'adres niet gevonden', null),
    (3, 'export.csv', 10, 'regel 10', 'k2', 'adres niet gevonden', null);

insert into raw.signal_case values
    (2, '2:$.z[0]', 'Opgepakt', 'hulp', date '2024-03-10', null, null, null),
    (2, '2:$.z[1]', null, null, null, null, null, null);
insert into raw.signal_case_member values ('2:$.z[0]', 's2-0'), ('2:$.z[1]', 's2-1');
insert into raw.contact_attempt values ('2:$.z[0]', 'Brief', true, date '2024-03-11', null);

insert into raw.boundary values
    (2022, 'buurt', 'BU00140000', 'A', 'WK001400', 'GM0014', false, false, '{SQUARE}', 't', 1),
    (2023, 'buurt', 'BU00140000', 'A', 'WK001400', 'GM0014', false, false, '{SQUARE}', 't', 1),
    (2023, 'buurt', 'BU00140001', 'B', 'WK001400', 'GM0014', false, false, '{SQUARE}', 't', 1),
    (2023, 'buurt', 'BU00140100', 'C', 'WK001401', 'GM0014', false, false, '{SQUARE}', 't', 1),
    (2023, 'wijk', 'WK001400', 'W0', 'GM0014', 'GM0014', false, false, '{SQUARE}', 't', 1),
    (2023, 'wijk', 'WK001401', 'W1', 'GM0014', 'GM0014', false, false, '{SQUARE}', 't', 1),
    (2023, 'gemeente', 'GM0014', 'G', null, 'GM0014', false, false, '{SQUARE}', 't', 1);

insert into raw.area_member values
    ('nplv', 'NPLV', 'Noord', 'BU00140000', 't', 1),
    ('nplv', 'NPLV', 'Noord', 'BU00140001', 't', 1),
    ('nplv', 'REST', 'Rest', 'BU00140100', 't', 1);

insert into raw.cbs_indicator values
    ('BU00140000', 2023, 'households', 150, null, 't', false, 1),
    ('BU00140001', 2023, 'households', 250, null, 't', false, 1),
    ('BU00140001', 2023, 'low_income_pct', 12.0, null, 't', false, 1),
    ('WK001400', 2023, 'households', 400, null, 't', false, 1),
    ('BU00149999', 2021, 'households', 10, null, 't', false, 1);

insert into raw.postcode_buurt values
    ('9711AA', 'BU00140000', 2, 2023, 1), ('9711AA', 'BU00140001', 1, 2023, 1),
    ('9712AB', 'BU00140001', 2, 2023, 1);
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    path = tmp_path_factory.mktemp("grain") / "warehouse.duckdb"
    settings = read_settings({"WIJKSIGNAAL_HOUSEHOLD_KEY": "k" * 40})
    with WarehouseRun(path, "test", settings) as run:
        run.con.execute(FIXTURE_SQL)
    run.con.close()
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def grain_columns(path: Path) -> list[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^-- grain: one row per (.+)$", line)
        if match:
            return [c.strip() for c in match.group(1).split(" x ")]
    raise AssertionError(f"{path.name} states no grain")


@pytest.mark.parametrize("path", MART_FILES, ids=lambda p: p.stem)
def test_every_mart_is_unique_and_not_null_on_its_grain(warehouse, path):
    columns = grain_columns(path)
    listed = ", ".join(columns)
    table = f"marts.{path.stem}"
    total, distinct = warehouse.execute(
        f"select count(*), count(distinct ({listed})) from {table}").fetchone()
    assert total == distinct, f"{table} repeats its grain ({listed})"
    for column in columns:
        nulls = warehouse.execute(
            f"select count(*) from {table} where {column} is null").fetchone()[0]
        assert nulls == 0, f"{table}.{column} is NULL"


def test_the_fixture_fills_every_mart(warehouse):
    empty = [p.stem for p in MART_FILES
             if warehouse.execute(f"select count(*) from marts.{p.stem}").fetchone()[0] == 0]
    assert empty == []
