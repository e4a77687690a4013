"""Combining municipal published files: the union of what each gemeente published, never a
warehouse, never a gemeente twice, swapped in atomically, and readable by the dashboard as
one DuckDB file or as views over Parquet files.

Three small gemeenten are built through the real ETL command line, each into its own
warehouse with its own ``WIJKSIGNAAL_GEMEENTE``, from synthetic national-style inputs
(:mod:`bench.multi_municipality`): boundaries, CBS figures, signals, and custom areas in the
first gemeente. One signal of the second gemeente carries an address of the first, so the
second gemeente quarantines it.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bench.multi_municipality import (
    municipal_commands,
    municipal_environment,
    write_municipal_inputs,
)
from bench.query_parameters import PARAMETERS, dashboard_queries, read_domain
from dashboard.data.published import PublishedData
from etl import combine as combine_module
from etl.cli import main as etl_main
from etl.combine import COMBINED_TABLES, INPUT_TABLES, combine
from etl.errors import EtlError
from etl.sqlfiles import SQL_ROOT, read_sql
from tests.dashboard.dash_tree import find_component

GEMEENTEN = ("GM0001", "GM0002", "GM0003")
#: Tables whose rows belong to one area, delivery or run of one gemeente: the union adds up.
ADDITIVE_TABLES = ("area", "area_member", "indicators_year", "signals_window_area",
                   "funnel_window_area", "rise_month_area", "structure_expectation",
                   "postcode_area", "delivery_report", "quarantine_reason", "load_run")


@dataclass
class Municipalities:
    """The three gemeenten's warehouses and published files."""

    root: Path
    published: dict[str, Path]
    warehouses: dict[str, Path]
    buurten: dict[str, int]


def _add_foreign_address(inputs, source: str, target: str) -> None:
    """Append to ``target``'s export one signal at an address in ``source``."""
    first_row = inputs.exports[source].read_text(encoding="utf-8").splitlines()[1]
    with inputs.exports[target].open("a", encoding="utf-8") as handle:
        handle.write("X1;" + first_row.split(";", 1)[1] + "\n")


@pytest.fixture(scope="module")
def municipalities(tmp_path_factory) -> Municipalities:
    """Each gemeente loaded by its own installation, as its operator runs it."""
    root = tmp_path_factory.mktemp("gemeenten")
    inputs = write_municipal_inputs(root / "input", gemeenten=len(GEMEENTEN),
                                    signals_per_gemeente=1_500, addresses=150_000)
    _add_foreign_address(inputs, "GM0001", "GM0002")
    published, warehouses = {}, {}
    for gemeente in GEMEENTEN:
        folder = root / gemeente
        with pytest.MonkeyPatch.context() as patch:
            for name, value in municipal_environment(gemeente).items():
                patch.setenv(name, value)
            for arguments in municipal_commands(inputs, gemeente, folder):
                assert etl_main(arguments) == 0, f"{gemeente}: etl {arguments[0]}"
        published[gemeente] = folder / "published.duckdb"
        warehouses[gemeente] = folder / "warehouse.duckdb"
    return Municipalities(root, published, warehouses, inputs.buurten)


@pytest.fixture(scope="module")
def shared(municipalities, tmp_path_factory) -> Path:
    """The three published files combined into one DuckDB file."""
    target = tmp_path_factory.mktemp("gedeeld") / "gedeeld.duckdb"
    combine(list(municipalities.published.values()), target)
    return target


@pytest.fixture(scope="module")
def shared_parquet(municipalities, tmp_path_factory) -> Path:
    """The same, as Parquet files with a DuckDB file of views over them."""
    folder = tmp_path_factory.mktemp("gedeeld_parquet")
    target = folder / "gedeeld.duckdb"
    combine(list(municipalities.published.values()), target, parquet_dir=folder / "parquet")
    return target


def query(path: Path, sql: str, params: dict | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()


def count(path: Path, table: str) -> int:
    return query(path, f"select count(*) from {table}")[0][0]


def fingerprint(path: Path) -> tuple:
    """Identity and content of a file, to tell whether anything replaced or changed it."""
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()


def grain_columns(name: str) -> list[str]:
    match = re.search(r"^-- grain: one row per (.+)$", read_sql(f"combine/{name}.sql"), re.M)
    assert match, f"sql/combine/{name}.sql states no grain"
    return [column.strip() for column in match.group(1).split(" x ")]


def test_every_published_table_has_a_combine_query_with_a_grain():
    files = {path.stem for path in (SQL_ROOT / "combine").glob("*.sql")}
    assert files == set(COMBINED_TABLES)
    assert set(INPUT_TABLES) < set(COMBINED_TABLES)
    for name in COMBINED_TABLES:
        assert grain_columns(name)


@pytest.mark.parametrize("table", ADDITIVE_TABLES)
def test_combined_rows_are_the_sum_of_every_gemeentes_rows(municipalities, shared, table):
    assert count(shared, table) == sum(count(p, table) for p in municipalities.published.values())


def test_combined_signal_counts_add_up_to_the_gemeenten_counts(municipalities, shared):
    total = ("select coalesce(sum(signals), 0), count(signals), count(*) from "
             "signals_window_area where area_level = 'gemeente' and window_months = 1 "
             "and partner_type = 'Totaal'")
    combined = query(shared, total)[0]
    parts = [query(path, total)[0] for path in municipalities.published.values()]
    assert combined == tuple(sum(p[i] for p in parts) for i in range(3))
    assert combined[0] > 0


@pytest.mark.parametrize("table", COMBINED_TABLES)
def test_every_combined_table_is_unique_and_not_null_on_its_grain(shared, table):
    columns = grain_columns(table)
    listed = ", ".join(columns)
    total, distinct = query(shared, f"select count(*), count(distinct ({listed})) "
                                    f"from {table}")[0]
    assert total == distinct
    for column in columns:
        assert query(shared, f"select count(*) from {table} where {column} is null")[0][0] == 0


def test_combined_file_holds_no_signal_level_relation(shared):
    bound = query(shared, read_sql("bench/grain_bound.sql"))[0][-1]
    for name, _, columns in query(shared, read_sql("bench/published_relations.sql")):
        assert not {"household_key", "signal_key", "signal_id"} & {c.lower() for c in columns}
        assert count(shared, f'"{name}"') <= bound, name


def test_meta_names_every_gemeente_and_each_keeps_its_own_period(municipalities, shared):
    meta = dict(query(shared, "select key, value from meta"))
    assert meta["gemeente_code"] == "*"
    assert meta["gemeenten"] == ",".join(GEMEENTEN)
    assert meta["sources"] == "3"
    assert meta["disclosure_threshold"] == "5"
    own = {g: dict(query(p, "select key, value from meta"))
           for g, p in municipalities.published.items()}
    assert meta["first_month"] == min(m["first_month"] for m in own.values())
    assert meta["last_month"] == max(m["last_month"] for m in own.values())
    assert meta["last_month_all_gemeenten"] == min(m["last_month"] for m in own.values())
    sources = query(shared, "select gemeente_code, last_month::varchar, source_file "
                            "from source_publication order by gemeente_code")
    assert [(g, lm) for g, lm, _ in sources] == [(g, own[g]["last_month"]) for g in GEMEENTEN]
    assert [Path(f) for _, _, f in sources] == list(municipalities.published.values())


def test_load_runs_keep_their_gemeente_and_their_own_run_id(municipalities, shared):
    combined = query(shared, "select run_id, gemeente_code, source_run_id, command "
                             "from load_run")
    assert len({run_id for run_id, *_ in combined}) == len(combined)
    expected = {(g, run_id, command) for g, path in municipalities.published.items()
                for run_id, command in query(path, "select run_id, command from load_run")}
    assert {(g, source, command) for _, g, source, command in combined} == expected


def test_quarantine_reasons_stay_with_the_delivery_of_their_gemeente(shared):
    rows = query(shared, """
        select report.gemeente_code, report.source_file, reason.rows_quarantined
        from quarantine_reason as reason
        inner join delivery_report as report on report.delivery_id = reason.delivery_id""")
    assert rows, "the foreign address should be quarantined by GM0002"
    assert {(g, Path(f).name) for g, f, _ in rows} == {("GM0002", "signalen_GM0002.csv")}
    ids = query(shared, "select delivery_id from delivery_report")
    assert len(ids) == len(set(ids)) == 3


def test_partner_completeness_adds_the_counts_every_gemeente_shows(municipalities, shared):
    parts = pd.concat([pd.DataFrame(query(p, "select month, partner_type, signals from "
                                             "partner_delivery_month"),
                                    columns=["month", "partner_type", "signals"])
                       for p in municipalities.published.values()])
    shown = parts.groupby(["month", "partner_type"])["signals"].agg(["sum", "count", "size"])
    combined = {(m, p): s for m, p, s in query(shared, "select month, partner_type, signals "
                                                       "from partner_delivery_month")}
    assert len(combined) == len(shown)
    for key, row in shown.iterrows():
        assert combined[key] == (row["sum"] if row["count"] == row["size"] else None)


def test_a_gemeente_published_twice_is_refused_naming_the_file(municipalities, tmp_path,
                                                               capsys):
    copy = tmp_path / "kopie.duckdb"
    shutil.copy(municipalities.published["GM0001"], copy)
    with pytest.raises(EtlError, match=r"kopie\.duckdb: gemeente GM0001 staat ook in"):
        combine([municipalities.published["GM0001"], copy], tmp_path / "gedeeld.duckdb")
    code = etl_main(["combine", str(municipalities.published["GM0001"]), str(copy),
                     "--published", str(tmp_path / "gedeeld.duckdb")])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert lines[-1].startswith("fout: ") and "kopie.duckdb" in lines[-1]
    assert "GM0001" in lines[-1]
    assert not (tmp_path / "gedeeld.duckdb").exists()


def test_the_same_file_twice_is_refused(municipalities, tmp_path):
    path = municipalities.published["GM0002"]
    with pytest.raises(EtlError, match="twee keer opgegeven"):
        combine([path, path], tmp_path / "gedeeld.duckdb")


def test_a_warehouse_is_never_combined(municipalities, tmp_path):
    with pytest.raises(EtlError, match="warehouse"):
        combine([municipalities.published["GM0001"], municipalities.warehouses["GM0002"]],
                tmp_path / "gedeeld.duckdb")


def test_files_published_with_other_disclosure_rules_are_refused(municipalities, tmp_path):
    stricter = tmp_path / "strenger.duckdb"
    shutil.copy(municipalities.published["GM0001"], stricter)
    stricter.chmod(0o644)
    con = duckdb.connect(str(stricter))
    con.execute("update meta set value = '10' where key = 'disclosure_threshold'")
    con.close()
    with pytest.raises(EtlError, match=r"strenger\.duckdb: drempel voor onderdrukking is 10"):
        combine([municipalities.published["GM0002"], stricter], tmp_path / "gedeeld.duckdb")


def test_a_failed_combine_leaves_the_previous_shared_file_untouched(municipalities, tmp_path,
                                                                    monkeypatch):
    target = tmp_path / "gedeeld.duckdb"
    combine([municipalities.published["GM0001"], municipalities.published["GM0002"]], target)
    before = fingerprint(target)
    copy = tmp_path / "kopie.duckdb"
    shutil.copy(municipalities.published["GM0002"], copy)
    with pytest.raises(EtlError, match="GM0002"):
        combine([municipalities.published["GM0002"], copy], target)
    assert fingerprint(target) == before

    def broken(con):
        raise RuntimeError("disk full")

    monkeypatch.setattr(combine_module, "_create_contract_views", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        combine(list(municipalities.published.values()), target)
    assert fingerprint(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gedeeld.duckdb", "kopie.duckdb"]
    assert count(target, "source_publication") == 2


def test_a_failed_parquet_combine_keeps_the_previous_views_and_their_files(municipalities,
                                                                           tmp_path,
                                                                           monkeypatch):
    target, folder = tmp_path / "gedeeld.duckdb", tmp_path / "parquet"
    combine(list(municipalities.published.values()), target, parquet_dir=folder)
    before, versions = fingerprint(target), sorted(p.name for p in folder.iterdir())

    def broken(path, location):
        raise RuntimeError("disk full")

    monkeypatch.setattr(combine_module, "_write_view_file", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        combine(list(municipalities.published.values()), target, parquet_dir=folder)
    assert fingerprint(target) == before
    assert sorted(p.name for p in folder.iterdir()) == versions
    assert count(target, "signals_window_area") > 0


def test_parquet_mode_keeps_the_current_and_the_previous_version_only(municipalities,
                                                                      tmp_path):
    target, folder = tmp_path / "gedeeld.duckdb", tmp_path / "parquet"
    inputs = list(municipalities.published.values())
    for _ in range(3):
        combine(inputs, target, parquet_dir=folder)
    versions = sorted(p.name for p in folder.iterdir())
    assert len(versions) == 2
    definitions = " ".join(row[0] for row in query(
        target, "select sql from duckdb_views() where not internal"))
    assert versions[-1] in definitions and versions[0] not in definitions


def test_parquet_views_are_views_over_one_file_per_table(shared_parquet):
    kinds = dict(query(shared_parquet, "select table_name, table_type "
                                       "from information_schema.tables"))
    assert set(kinds.values()) == {"VIEW"}
    assert set(COMBINED_TABLES) < set(kinds)
    folder = next((shared_parquet.parent / "parquet").iterdir())
    assert sorted(p.stem for p in folder.glob("*.parquet")) == sorted(COMBINED_TABLES)


def test_parquet_views_answer_every_dashboard_query_as_the_duckdb_file_does(shared,
                                                                           shared_parquet):
    duck, parquet = PublishedData(shared), PublishedData(shared_parquet)
    con = duckdb.connect(str(shared), read_only=True)
    try:
        domain = read_domain(duck, con)
    finally:
        con.close()
    rng = random.Random(3)
    for name in dashboard_queries():
        for _ in range(3):
            params = PARAMETERS[name](domain, rng)
            expected = duck.query(name, **params)
            found = parquet.query(name, **params)
            if name == "shared__meta":
                expected, found = (f[f["key"] != "published_at"].reset_index(drop=True)
                                   for f in (expected, found))
            pd.testing.assert_frame_equal(found, expected, check_dtype=False, obj=name)


def test_the_combine_command_reports_and_writes_the_shared_file(municipalities, tmp_path,
                                                                capsys):
    target = tmp_path / "gedeeld.duckdb"
    code = etl_main(["combine", *map(str, municipalities.published.values()),
                     "--published", str(target), "--parquet", str(tmp_path / "parquet")])
    out = capsys.readouterr().out
    assert code == 0
    assert "samengevoegd: 3 bestand(en), 3 gemeente(n)" in out
    assert count(target, "area") == sum(count(p, "area")
                                        for p in municipalities.published.values())


@pytest.fixture()
def dashboard_on(shared, monkeypatch):
    """The in-process dashboard pointed at the shared file, then back where it was."""
    import os

    if "WIJKSIGNAAL_PUBLISHED" not in os.environ:
        monkeypatch.setenv("WIJKSIGNAAL_PUBLISHED", str(shared))
    from dashboard import app as app_module
    from dashboard.data import published as published_module

    previous = published_module._published
    published_module.configure(shared)
    yield app_module
    published_module._published = previous


def test_the_dashboard_serves_the_areas_of_every_gemeente(dashboard_on, municipalities):
    from dashboard import ids
    from dashboard.pages import gebied, kaart, maand, nplv, over

    client = dashboard_on.server.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 200
    for layout in (kaart.layout(), kaart.layout(niveau="wijk"), maand.layout(), over.layout(),
                   nplv.layout(), gebied.layout(code="GM0003")):
        text = json.dumps(layout.to_plotly_json(), default=str)
        assert "niet beschikbaar" not in text
    # Several gemeenten: the map opens on wijken; buurten when the URL asks for them.
    opened = find_component(kaart.layout(), ids.MAP_GRAPH)
    assert {code[:2] for code in opened.figure.data[1].locations} == {"WK"}
    graph = find_component(kaart.layout(niveau="buurt"), ids.MAP_GRAPH)
    buurten = set(graph.figure.data[1].locations)
    assert len(buurten) == sum(municipalities.buurten.values())
    assert {"GM" + code[2:6] for code in buurten} == set(GEMEENTEN)
