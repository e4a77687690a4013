"""Tests for publishing: a read-only file with the contract's tables and views, small counts
suppressed, and an atomic swap that leaves the previous file intact when anything fails."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl import publish as publish_module
from etl.jobs.warehouse_run import WarehouseRun
from etl.publish import PUBLISHED_TABLES, DisclosureRules, publish
from etl.report import LoadReport
from etl.settings import read_settings
from etl.sqlfiles import read_sql
from etl.warehouse import open_warehouse

SETTINGS = read_settings({"WIJKSIGNAAL_HOUSEHOLD_KEY": "k" * 40})
RULES = DisclosureRules(threshold=5, min_households=100)
SQUARE = '{"type":"Polygon","coordinates":[[[6.56,53.21],[6.57,53.21],[6.57,53.22],[6.56,53.21]]]}'

#: Signals per buurt and month: A has 7 then 0, B has 4 then 1, C has 0 then 5.
SIGNALS = (("BU00140000", "2024-03-01", 7), ("BU00140001", "2024-03-01", 4),
           ("BU00140001", "2024-04-01", 1), ("BU00140100", "2024-04-01", 5))

FIXTURE_SQL = f"""
insert into raw.delivery (delivery_id, run_id, source_file, file_sha256, source_format,
    delivery_key, is_demo, loaded_at)
values (1, 1, 'levering.json', 'abc', 'ddas-json-1.2', 'ddas:T:GM0014:2024-03-01:2024-04-30',
    false, timestamp '2024-05-02 10:00:00');

insert into raw.signal (delivery_id, signal_key, is_derived_id, signaaldatum, partner_type,
    buurt_code, placement_method, household_key)
select 1, 's-' || buurt_code || month || i, false, cast(month as date) + 4, 'Zorg', buurt_code,
    'adres', 'h-' || buurt_code || i
from (values {", ".join(f"('{b}', '{m}', {n})" for b, m, n in SIGNALS)}) as t(buurt_code, month, n),
    range(n) as r(i);

insert into raw.boundary values
    (2023, 'buurt', 'BU00140000', 'Buurt A', 'WK001400', 'GM0014', false, false, '{SQUARE}',
     'test', 1),
    (2023, 'buurt', 'BU00140001', 'Buurt B', 'WK001400', 'GM0014', false, false, '{SQUARE}',
     'test', 1),
    (2023, 'buurt', 'BU00140100', 'Buurt C', 'WK001401', 'GM0014', false, false, '{SQUARE}',
     'test', 1),
    (2023, 'wijk', 'WK001400', 'Wijk 00', 'GM0014', 'GM0014', false, false, '{SQUARE}', 'test', 1),
    (2023, 'wijk', 'WK001401', 'Wijk 01', 'GM0014', 'GM0014', false, false, '{SQUARE}', 'test', 1);

insert into raw.cbs_indicator values
    ('BU00140000', 2023, 'households', 150, null, 'test', false, 1),
    ('BU00140000', 2023, 'low_income_pct', 12.5, null, 'test', false, 1),
    ('BU00140001', 2023, 'households', 50, null, 'test', false, 1),
    ('BU00140001', 2023, 'low_income_pct', 20.0, null, 'test', false, 1);
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """A warehouse with the real DDL and models, filled by the SQL above, published once."""
    folder = tmp_path_factory.mktemp("publish")
    path = folder / "warehouse.duckdb"
    with WarehouseRun(path, "test", SETTINGS) as run:
        run.con.execute(FIXTURE_SQL)
    run.publish_and_close(folder / "first.duckdb", LoadReport(command="test"))
    return path


def publish_to(warehouse: Path, target: Path, rules: DisclosureRules = RULES) -> Path:
    con = open_warehouse(warehouse)
    try:
        return publish(con, target, rules, "GM0014")
    finally:
        con.close()


@pytest.fixture()
def published(warehouse, tmp_path) -> Path:
    return publish_to(warehouse, tmp_path / "published.duckdb")


def query(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# --- the file ------------------------------------------------------------------------------


def test_publish_writes_a_read_only_file(published):
    assert stat.S_IMODE(published.stat().st_mode) == 0o444
    con = duckdb.connect(str(published), read_only=True)
    try:
        assert con.execute("select count(*) from meta").fetchone()[0] > 0
        with pytest.raises(duckdb.Error):
            con.execute("create table sneaky (i integer)")
    finally:
        con.close()


def test_publish_holds_the_contract_tables_and_views(published):
    found = dict(query(published, "select table_name, table_type from information_schema.tables"))
    for view in ("signals_month_buurt", "signals_month_wijk", "funnel_month_wijk"):
        assert found.get(view) == "VIEW", view
    for table in ("area", "area_member", "indicators_year", "meta", *PUBLISHED_TABLES):
        assert found.get(table) == "BASE TABLE", table


def test_publish_records_what_the_file_covers_in_meta(published):
    meta = dict(query(published, "select key, value from meta"))
    assert meta["gemeente_code"] == "GM0014"
    assert meta["disclosure_threshold"] == "5"
    assert meta["min_households"] == "100"
    assert (meta["first_month"], meta["last_month"]) == ("2024-03-01", "2024-04-01")
    assert meta["is_demo"] == "false"
    assert meta["last_loaded_at"].startswith("2024-05-02T10:00")


def test_publish_replaces_an_earlier_read_only_file(warehouse, tmp_path):
    target = tmp_path / "published.duckdb"
    publish_to(warehouse, target)
    publish_to(warehouse, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["published.duckdb"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


# --- disclosure control --------------------------------------------------------------------


def signals_per_buurt(path: Path) -> dict[tuple[str, str], int | None]:
    rows = query(path, "select buurt_code, strftime(month, '%Y-%m'), signals "
                       "from signals_month_buurt where partner_type = 'Totaal'")
    return {(code, month): signals for code, month, signals in rows}


def test_publish_hides_counts_from_1_to_4_keeps_0_and_shows_others_exactly(published):
    shown = signals_per_buurt(published)
    exact = {("BU00140000", "2024-03"): 7, ("BU00140001", "2024-03"): 4,
             ("BU00140100", "2024-03"): 0, ("BU00140000", "2024-04"): 0,
             ("BU00140001", "2024-04"): 1, ("BU00140100", "2024-04"): 5}
    assert shown.keys() == exact.keys()
    for key, value in exact.items():
        if 1 <= value <= 4:
            assert shown[key] is None, key
        elif value == 0:
            assert shown[key] == 0, key
        else:
            assert shown[key] in (value, None), key


def test_publish_hides_a_second_buurt_when_the_wijk_total_would_reveal_the_first(published):
    wijk = dict(query(published, "select strftime(month, '%Y-%m'), signals "
                                 "from signals_month_wijk where partner_type = 'Totaal' "
                                 "and wijk_code = 'WK001400'"))
    buurten = signals_per_buurt(published)
    assert wijk["2024-03"] == 11
    assert buurten[("BU00140001", "2024-03")] is None
    assert buurten[("BU00140000", "2024-03")] is None  # 11 - 7 would give the 4 away
    households = dict(query(published, "select buurt_code, households from signals_month_buurt "
                                       "where partner_type = 'Totaal' and month = '2024-03-01'"))
    assert households["BU00140001"] is None and households["BU00140000"] is None
    assert households["BU00140100"] == 0


def test_publish_never_shows_a_count_below_the_threshold_anywhere(published):
    for table, column in (("signals_window_area", "signals"),
                          ("signals_window_area", "households"),
                          ("funnel_window_area", "signals"), ("funnel_window_area", "cases")):
        small = query(published, f"select count(*) from {table} where {column} between 1 and 4")
        assert small == [(0,)], f"{table}.{column}"


def test_publish_follows_a_lower_threshold_when_published_again(warehouse, tmp_path):
    published = publish_to(warehouse, tmp_path / "published.duckdb",
                           DisclosureRules(threshold=2, min_households=100))
    counts = signals_per_buurt(published)
    assert counts[("BU00140001", "2024-03")] == 4
    assert counts[("BU00140001", "2024-04")] is None
    assert dict(query(published, "select key, value from meta"))["disclosure_threshold"] == "2"


def test_publish_withholds_rates_of_areas_with_too_few_households(published):
    rows = dict((code, (pct, reason)) for code, pct, reason in query(
        published, "select area_code, low_income_pct, null_reason from indicators_year"))
    assert rows["BU00140000"] == (12.5, None)
    assert rows["BU00140001"] == (None, "te weinig huishoudens")


# --- atomic swap ---------------------------------------------------------------------------


def failing_read_sql(name: str) -> str:
    """Like read_sql, but the funnel cannot be published."""
    if name == "publish/funnel_window_area.sql":
        return "select * from marts.does_not_exist"
    return read_sql(name)


def test_a_failure_while_copying_tables_leaves_the_previous_file_and_no_temp_file(
    warehouse, tmp_path, monkeypatch
):
    target = publish_to(warehouse, tmp_path / "published.duckdb")
    before, mtime = target.read_bytes(), target.stat().st_mtime_ns
    monkeypatch.setattr(publish_module, "read_sql", failing_read_sql)

    con = open_warehouse(warehouse)
    try:
        with pytest.raises(duckdb.CatalogException):
            publish(con, target, RULES, "GM0014")
        attached = [name for (name,) in con.execute(
            "select database_name from duckdb_databases()").fetchall()]
        assert "publish_target" not in attached
    finally:
        con.close()

    assert target.read_bytes() == before
    assert target.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["published.duckdb"]


def test_a_failure_while_creating_views_leaves_the_previous_file_and_no_temp_file(
    warehouse, tmp_path, monkeypatch
):
    folder = tmp_path / "out"
    target = publish_to(warehouse, folder / "published.duckdb")
    before, mtime = target.read_bytes(), target.stat().st_mtime_ns
    broken_root = tmp_path / "sql"
    (broken_root / "publish_views").mkdir(parents=True)
    (broken_root / "publish_views" / "broken.sql").write_text(
        "select * from no_such_table", encoding="utf-8")
    monkeypatch.setattr(publish_module, "SQL_ROOT", broken_root)

    with pytest.raises(duckdb.CatalogException):
        publish_to(warehouse, target)

    assert target.read_bytes() == before
    assert target.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in folder.iterdir()) == ["published.duckdb"]


def test_publishing_into_a_new_folder_creates_it(warehouse, tmp_path):
    target = publish_to(warehouse, tmp_path / "nieuw" / "published.duckdb")
    assert target.is_file()
    assert query(target, "select min(month) from signals_month_buurt") == [(date(2024, 3, 1),)]
