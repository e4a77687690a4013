"""Tests for loading signal deliveries through the real jobs into a real DuckDB warehouse:
counts add up, duplicates and re-sent files change nothing, a corrected re-delivery replaces
the earlier one, a failing file leaves everything as it was, and nothing personal is stored.
The command line is tested end to end as a subprocess."""

from __future__ import annotations

import csv
import gc
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from etl.errors import EtlError
from etl.jobs.signals import load_signal_files, read_sources
from etl.jobs.warehouse_run import WarehouseRun
from etl.load import append_frame
from etl.report import LoadReport
from etl.settings import read_settings

REPO = Path(__file__).resolve().parents[2]
LOOKUP_CSV = REPO / "tests" / "fixtures" / "lookup" / "pc6hnr_small.csv"
HOUSEHOLD_KEY = "test-household-key-of-at-least-32-characters"
SETTINGS = read_settings({"WIJKSIGNAAL_HOUSEHOLD_KEY": HOUSEHOLD_KEY})
TODAY = date(2024, 6, 1)

#: Personal values written into the test deliveries; none may be stored or published.
NAME, STREET, BSN, BIRTH_DATE = "Verzonnenhuis", "Proefstraat", "999990019", "1970-02-03"
PERSONAL = (NAME, STREET, BSN, BIRTH_DATE)
CSV_HEADER = ("signaal_id", "signaaldatum", "signaalpartner", "naam", "geboortedatum",
              "straat", "postcode", "huisnummer", "toevoeging", "bedrag")


# --- writing deliveries --------------------------------------------------------------------


def ddas_signal(signal_id: str, postcode: str = "9712AB", huisnummer: str = "10",
                signaaldatum: str = "2024-03-05", partner: str = "Zorg",
                bedrag: int = 100) -> dict:
    return {
        "ID": signal_id,
        "crisissignaal": False,
        "warmeOverdracht": False,
        "bedrag": bedrag,
        "ontstaansdatum": "2024-02-01",
        "signaaldatum": signaaldatum,
        "status": "Nog niet opgepakt",
        "signaalpartner": {"type": partner},
        "client": {"burgerservicenummer": BSN, "geboortedatum": BIRTH_DATE,
                   "postcode": postcode, "huisnummer": huisnummer},
    }


def write_ddas(path: Path, leveringen: list[tuple[str, list[dict]]], *,
               supplier: str = "TESTSOFT", start: str = "2024-03-01",
               end: str = "2024-03-31") -> Path:
    """A DDAS v1.2 file with one levering per (gemeentecode, signals)."""
    document = {
        "codeGegevensleverancier": supplier,
        "startdatumLevering": start,
        "einddatumLevering": end,
        "aanleverdatumEnTijd": "2024-04-02T10:00:00Z",
        "leveringen": [
            {"teller": i + 1, "gemeentecode": gemeente,
             "aanleverendeOrganisatie": {"naam": "Gemeente Proefstad"},
             "vroegsignalen": signals, "vroegsignaalzaken": []}
            for i, (gemeente, signals) in enumerate(leveringen)
        ],
    }
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def csv_row(signal_id: str, postcode: str = "9712AB", huisnummer: str = "10", *,
            signaaldatum: str = "05-03-2024", partner: str = "energieleverancier",
            bedrag: str = "1.234,56", toevoeging: str = "") -> dict:
    return {"signaal_id": signal_id, "signaaldatum": signaaldatum, "signaalpartner": partner,
            "naam": NAME, "geboortedatum": BIRTH_DATE, "straat": STREET, "postcode": postcode,
            "huisnummer": huisnummer, "toevoeging": toevoeging, "bedrag": bedrag}


def write_csv(path: Path, rows: list[dict], header: tuple[str, ...] = CSV_HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, delimiter=";",
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


# --- running the job -----------------------------------------------------------------------


class Warehouse:
    """A warehouse and published file in a temporary folder, loaded like ``etl signals``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "warehouse.duckdb"
        self.published = folder / "published" / "published.duckdb"

    def load(self, *files: Path) -> LoadReport:
        report = LoadReport(command="signals")
        with WarehouseRun(self.path, "signals", SETTINGS) as run:
            sources = read_sources(run.con, SETTINGS, lookup_path=LOOKUP_CSV)
            load_signal_files(run.con, run.run_id, list(files), sources, SETTINGS, report,
                              today=TODAY)
        run.publish_and_close(self.published, report)
        return report

    def rows(self, sql: str, path: Path | None = None) -> list[tuple]:
        con = duckdb.connect(str(path or self.path), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def count(self, table: str) -> int:
        return self.rows(f"select count(*) from {table}")[0][0]

    def current_signals(self) -> list[tuple]:
        return self.rows("select partner_type, buurt_code, signaaldatum "
                         "from staging.stg_signals__signal order by all")

    def raw_counts(self) -> dict[str, int]:
        return {t: self.count(f"raw.{t}") for t in ("signal", "delivery", "quarantine",
                                                    "signal_case", "postcode_buurt")}

    def published_tables(self) -> dict[str, list[tuple]]:
        """Every published table's rows, except the run log and the publishing metadata."""
        con = duckdb.connect(str(self.published), read_only=True)
        try:
            names = [n for (n,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_type = 'BASE TABLE'").fetchall() if n not in ("load_run", "meta")]
            return {n: sorted(con.execute(f"select * from {n}").fetchall(), key=repr)
                    for n in names}
        finally:
            con.close()


@pytest.fixture()
def warehouse(tmp_path) -> Warehouse:
    return Warehouse(tmp_path)


def assert_adds_up(report: LoadReport) -> None:
    assert report.rows_read == (report.rows_loaded + report.rows_duplicate
                                + sum(report.rows_quarantined.values()))
    for delivery in report.files:
        delivery.check()


# --- counts --------------------------------------------------------------------------------


def test_signals_run_accounts_for_every_row_read(warehouse, tmp_path):
    export = write_csv(tmp_path / "export_maart.csv", [
        csv_row("C-1"),
        csv_row("C-2", "9711 aa", "2"),
        csv_row("C-2", "9711 aa", "2"),  # the same ID again
        csv_row("C-3", partner="bakker"),
        csv_row("C-4", "97XX", "1"),
        csv_row("C-5", "9401AA", "1"),  # Assen
        csv_row("C-6", "9711AA", ""),  # no house number: placed by PC6
    ])
    json_file = write_ddas(tmp_path / "levering.json", [("GM0014", [
        ddas_signal("J-1"), ddas_signal("J-2", signaaldatum="2024-07-01"),
        {"ID": "J-3", "signaaldatum": 20240305},  # breaks the schema
    ])])
    report = warehouse.load(export, json_file)

    assert_adds_up(report)
    assert (report.rows_read, report.rows_loaded, report.rows_duplicate) == (10, 4, 1)
    assert report.rows_quarantined == {
        "buiten gemeente": 1, "onbekende signaalpartner": 1, "ongeldige postcode": 1,
        "schema": 1, "signaaldatum in de toekomst": 1}
    stored = warehouse.rows("select rows_read, rows_loaded, rows_duplicate, rows_quarantined "
                            "from raw.delivery order by delivery_id")
    assert stored == [(7, 3, 1, 3), (3, 1, 0, 2)]
    assert warehouse.count("raw.signal") == 4
    assert warehouse.count("raw.quarantine") == 5


def test_a_postcode_without_house_number_is_loaded_by_pc6_majority(warehouse, tmp_path):
    report = warehouse.load(write_csv(tmp_path / "zonder_nummer.csv",
                                      [csv_row("N-1", "9711AA", "")]))
    assert report.rows_loaded == 1
    assert warehouse.rows("select buurt_code, placement_method from raw.signal") == [
        ("BU00140000", "pc6")]


# --- duplicates ----------------------------------------------------------------------------


def test_loading_the_same_file_twice_counts_the_second_run_as_duplicates(warehouse, tmp_path):
    delivery = write_ddas(tmp_path / "levering.json", [("GM0014", [
        ddas_signal("J-1"), ddas_signal("J-2", "9711AA", "1"),
        ddas_signal("J-3", "9999ZZ", "1"),
    ])])
    first = warehouse.load(delivery)
    raw_before = warehouse.raw_counts()
    published_before = warehouse.published_tables()

    second = warehouse.load(delivery)

    assert (first.rows_loaded, sum(first.rows_quarantined.values())) == (2, 1)
    assert (second.rows_read, second.rows_loaded, second.rows_duplicate) == (3, 0, 3)
    assert second.rows_quarantined == {}
    assert "al geladen" in (second.files[0].note or "")
    assert_adds_up(second)
    assert warehouse.raw_counts() == raw_before
    assert warehouse.published_tables() == published_before


def test_the_same_export_under_another_name_counts_as_duplicates(warehouse, tmp_path):
    rows = [csv_row("C-1"), csv_row("C-2", partner="bakker")]
    original = write_csv(tmp_path / "export_maart.csv", rows)
    copy = tmp_path / "export_maart_opnieuw.csv"
    copy.write_bytes(original.read_bytes())
    warehouse.load(original)
    published_before = warehouse.published_tables()

    report = warehouse.load(copy)

    assert (report.rows_read, report.rows_duplicate, report.rows_loaded) == (2, 2, 0)
    assert warehouse.count("raw.delivery") == 1
    assert warehouse.published_tables() == published_before


def test_duplicate_ids_within_a_file_are_loaded_once(warehouse, tmp_path):
    delivery = write_ddas(tmp_path / "dubbel.json", [("GM0014", [
        ddas_signal("J-1"), ddas_signal("J-1"), ddas_signal("J-1", bedrag=5),
        ddas_signal("J-2"),
    ])])
    report = warehouse.load(delivery)
    assert (report.rows_loaded, report.rows_duplicate) == (2, 2)
    assert warehouse.rows("select source_row from raw.signal order by 1") == [(1,), (4,)]


def test_an_id_already_loaded_from_another_file_is_a_duplicate(warehouse, tmp_path):
    april = write_ddas(tmp_path / "april.json", [("GM0014", [ddas_signal("J-1")])],
                       start="2024-04-01", end="2024-04-30")
    march = write_ddas(tmp_path / "maart.json", [("GM0014", [
        ddas_signal("J-1"), ddas_signal("J-2")])])
    first = warehouse.load(april)
    second = warehouse.load(march)
    assert (first.rows_loaded, second.rows_loaded, second.rows_duplicate) == (1, 1, 1)
    assert warehouse.count("staging.stg_signals__signal") == 2


def test_ids_shared_by_two_files_of_one_run_are_loaded_once(warehouse, tmp_path):
    first = write_csv(tmp_path / "export_a.csv", [csv_row("C-1"), csv_row("C-2")])
    second = write_csv(tmp_path / "export_b.csv", [csv_row("C-2"), csv_row("C-3")])
    report = warehouse.load(first, second)
    assert [(f.rows_loaded, f.rows_duplicate) for f in report.files] == [(2, 0), (1, 1)]
    assert warehouse.count("raw.signal") == 3


def test_export_rows_without_id_are_recognised_by_their_content(warehouse, tmp_path):
    rows = [csv_row(""), csv_row("", bedrag="99")]
    first = warehouse.load(write_csv(tmp_path / "export_a.csv", rows))
    second = warehouse.load(write_csv(tmp_path / "export_b.csv", [*rows, csv_row("")]))
    assert (first.rows_loaded, first.rows_duplicate) == (2, 0)
    assert (second.rows_loaded, second.rows_duplicate) == (0, 3)


# --- re-deliveries -------------------------------------------------------------------------


def test_a_corrected_redelivery_replaces_the_earlier_deliverys_rows(warehouse, tmp_path):
    first = write_ddas(tmp_path / "maart.json", [("GM0014", [
        ddas_signal("J-1"), ddas_signal("J-2", partner="Water"),
        ddas_signal("J-3", "9999ZZ", "1"),
    ])])
    corrected = write_ddas(tmp_path / "maart_correctie.json", [("GM0014", [
        ddas_signal("J-1"), ddas_signal("J-3", "9711AA", "1"), ddas_signal("J-4", "9713CD", "5"),
    ])])
    warehouse.load(first)
    report = warehouse.load(corrected)

    assert report.rows_loaded == 3
    assert "vervangt" in (report.files[0].note or "")
    assert warehouse.current_signals() == [
        ("Zorg", "BU00140000", date(2024, 3, 5)),
        ("Zorg", "BU00140001", date(2024, 3, 5)),
        ("Zorg", "BU00140100", date(2024, 3, 5)),
    ]
    assert warehouse.rows("select source_file, superseded_by is not null from raw.delivery "
                          "order by delivery_id") == [("maart.json", True),
                                                      ("maart_correctie.json", False)]
    assert warehouse.count("staging.stg_signals__quarantine") == 0
    published = warehouse.rows("select source_file from delivery_report", warehouse.published)
    assert published == [("maart_correctie.json",)]


def test_a_delivery_for_another_period_or_supplier_replaces_nothing(warehouse, tmp_path):
    march = write_ddas(tmp_path / "maart.json", [("GM0014", [ddas_signal("J-1")])])
    april = write_ddas(tmp_path / "april.json", [("GM0014", [ddas_signal("J-2")])],
                       start="2024-04-01", end="2024-04-30")
    other = write_ddas(tmp_path / "ander.json", [("GM0014", [ddas_signal("K-1")])],
                       supplier="ANDERSOFT")
    warehouse.load(march)
    warehouse.load(april, other)
    assert warehouse.rows("select count(*) from raw.delivery where superseded_by is null") \
        == [(3,)]
    assert warehouse.count("staging.stg_signals__signal") == 3


def test_a_ddas_file_for_several_gemeenten_loads_the_levering_of_this_gemeente(warehouse,
                                                                              tmp_path):
    delivery = write_ddas(tmp_path / "landelijk.json", [
        ("GM0106", [ddas_signal("A-1", "9401AA", "1")]),
        ("0014", [ddas_signal("G-1"), ddas_signal("G-2", "9711AA", "2")]),
    ])
    report = warehouse.load(delivery)

    assert [(f.delivery_key.split(":")[2], f.rows_loaded, f.rows_duplicate)
            for f in report.files] == [("GM0106", 0, 0), ("GM0014", 2, 0)]
    assert report.rows_quarantined == {"levering voor andere gemeente": 1}
    assert warehouse.count("staging.stg_signals__signal") == 2

    again = warehouse.load(delivery)
    assert (again.rows_duplicate, again.rows_loaded) == (3, 0)


# --- failures ------------------------------------------------------------------------------


def test_a_file_failing_halfway_leaves_warehouse_and_published_file_unchanged(warehouse,
                                                                             tmp_path):
    warehouse.load(write_csv(tmp_path / "export_maart.csv", [csv_row("C-1")]))
    published_bytes = warehouse.published.read_bytes()
    published_mtime = warehouse.published.stat().st_mtime_ns
    counts_before = warehouse.raw_counts()
    runs_before = warehouse.count("raw.load_run")

    good = write_csv(tmp_path / "export_april.csv",
                     [csv_row("C-2", signaaldatum="2024-04-02")])
    whole = write_ddas(tmp_path / "levering.json", [("GM0014", [ddas_signal("J-1")])])
    truncated = tmp_path / "afgebroken.json"
    truncated.write_bytes(whole.read_bytes()[:-40])
    with pytest.raises(EtlError, match=r"afgebroken\.json: JSON is afgebroken"):
        warehouse.load(good, truncated)

    assert warehouse.published.read_bytes() == published_bytes
    assert warehouse.published.stat().st_mtime_ns == published_mtime
    assert warehouse.raw_counts() == counts_before
    assert warehouse.rows("select status from raw.load_run order by run_id") \
        == [("ok",)] * runs_before + [("failed",)]
    assert sorted(p.name for p in warehouse.published.parent.iterdir()) == ["published.duckdb"]


def test_load_signal_files_refuses_to_run_without_a_household_key(warehouse, tmp_path):
    no_key = read_settings({})
    report = LoadReport(command="signals")
    with pytest.raises(EtlError, match="WIJKSIGNAAL_HOUSEHOLD_KEY"), \
            WarehouseRun(warehouse.path, "signals", no_key) as run:
        sources = read_sources(run.con, no_key, lookup_path=LOOKUP_CSV)
        load_signal_files(run.con, run.run_id, [write_csv(tmp_path / "e.csv", [csv_row("C")])],
                          sources, no_key, report, today=TODAY)
    assert warehouse.count("raw.signal") == 0


# --- privacy -------------------------------------------------------------------------------


def test_quarantined_rows_keep_file_row_and_reason_but_no_content(warehouse, tmp_path):
    export = write_csv(tmp_path / "export_maart.csv", [
        csv_row("C-1"), csv_row("C-2", "9999ZZ", "7"), csv_row("C-3", partner="bakker"),
    ])
    warehouse.load(export)
    rows = warehouse.rows("select source_file, source_row, reason, detail, signal_key "
                          "from raw.quarantine order by source_row")
    assert [row[:3] for row in rows] == [
        ("export_maart.csv", 3, "adres niet gevonden"),
        ("export_maart.csv", 4, "onbekende signaalpartner"),
    ]
    assert rows[1][3] == "niet te herleiden tot een DDAS-signaalpartner"
    assert all(len(row[4]) == 32 for row in rows)  # a keyed hash, not the ID
    text = repr(rows)
    for value in (*PERSONAL, "9999ZZ", "C-2", "C-3", "bakker"):
        assert value not in text


def string_cells(path: Path) -> str:
    """Every text value in every table and view of a DuckDB file, joined."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR' and table_schema not in ('information_schema', "
            "'pg_catalog')").fetchall()
        parts = []
        for schema, table, column in columns:
            values = con.execute(f'select distinct "{column}" from "{schema}"."{table}"')
            parts.extend(str(v) for (v,) in values.fetchall() if v is not None)
        return "\n".join(parts)
    finally:
        con.close()


def test_nothing_personal_reaches_the_warehouse_or_the_published_file(warehouse, tmp_path):
    export = write_csv(tmp_path / "export_maart.csv", [
        csv_row("C-1", toevoeging="bis"), csv_row("C-2", "9999ZZ", "7"),
        csv_row("C-3", partner="bakker"),
    ])
    ddas = write_ddas(tmp_path / "levering.json", [
        ("GM0014", [ddas_signal("J-1"), ddas_signal("J-2", "9713CD", "5")]),
        ("GM0106", [ddas_signal("A-1", "9401AA", "1")]),
    ])
    warehouse.load(export, ddas)
    for path in (warehouse.path, warehouse.published):
        text = string_cells(path)
        for value in (*PERSONAL, "9999ZZ", "9712AB|10", "C-1", "J-1", "A-1"):
            assert value not in text, (path.name, value)


# --- the command line ----------------------------------------------------------------------


def run_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "WIJKSIGNAAL_HOUSEHOLD_KEY": HOUSEHOLD_KEY,
           "WIJKSIGNAAL_LOG_LEVEL": "WARNING", "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def cli_signals(tmp_path: Path, *files: Path) -> subprocess.CompletedProcess:
    return run_cli("signals", *files, "--lookup", LOOKUP_CSV, "--warehouse",
                   tmp_path / "w.duckdb", "--published", tmp_path / "p.duckdb", "--report",
                   tmp_path / "R.json", cwd=tmp_path)


def test_cli_signals_loads_publishes_and_writes_the_report(tmp_path):
    export = write_csv(tmp_path / "export_maart.csv", [
        csv_row("C-1"), csv_row("C-1"), csv_row("C-2", "9999ZZ", "1"),
        csv_row("C-3", "9711AA", "1"),
    ])
    done = cli_signals(tmp_path, export)

    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "R.json").read_text(encoding="utf-8"))
    assert (report["rows_read"], report["rows_loaded"], report["rows_duplicate"]) == (4, 2, 1)
    assert report["rows_quarantined"] == {"adres niet gevonden": 1}
    assert report["rows_read"] == (report["rows_loaded"] + report["rows_duplicate"]
                                   + sum(report["rows_quarantined"].values()))
    assert report["files"][0]["source_file"] == "export_maart.csv"
    assert (tmp_path / "p.duckdb").is_file()
    assert "Traceback" not in done.stderr


def test_cli_signals_fails_with_one_line_naming_the_file(tmp_path):
    no_partner = write_csv(tmp_path / "zonder_partner.csv", [csv_row("C-1")],
                           header=("signaal_id", "signaaldatum", "postcode", "huisnummer"))
    unknown = tmp_path / "signalen.pdf"
    unknown.write_bytes(b"%PDF-1.7 geen export")
    missing = tmp_path / "bestaat_niet.csv"
    for path in (no_partner, unknown, missing):
        done = cli_signals(tmp_path, path)
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert done.returncode != 0, path.name
        assert len(lines) == 1, done.stderr
        assert path.name in lines[0]
        assert "Traceback" not in done.stderr
        assert not (tmp_path / "p.duckdb").exists()
        assert not (tmp_path / "R.json").exists()


@pytest.mark.parametrize("rows", [1, 30_000])
def test_cli_signals_fails_with_one_line_naming_a_broken_address_table(tmp_path, rows):
    """The address table is read in the background while the deliveries are parsed; its
    error still ends the run with one line naming it, whether it comes before or after the
    first signals are keyed."""
    export = write_csv(tmp_path / "export.csv", [csv_row(f"C-{i}") for i in range(rows)])
    broken = tmp_path / "adressen_kapot.csv"
    broken.write_text("PC6;Huisnummer;Buurt2023\n9711AA;een;140000\n", encoding="utf-8")
    done = run_cli("signals", export, "--lookup", broken, "--warehouse", tmp_path / "w.duckdb",
                   "--published", tmp_path / "p.duckdb", cwd=tmp_path)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode != 0
    assert len(lines) == 1 and "adressen_kapot.csv" in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "p.duckdb").exists()


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root reads files whatever their permissions")
def test_cli_signals_fails_with_one_line_for_an_unreadable_file(tmp_path):
    locked = write_csv(tmp_path / "op_slot.csv", [csv_row("C-1")])
    locked.chmod(0)
    done = cli_signals(tmp_path, locked)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode != 0
    assert len(lines) == 1 and "op_slot.csv" in lines[0]
    assert "Traceback" not in done.stderr


def test_a_national_installation_loads_every_gemeente_and_counts_partners_once(tmp_path):
    """With WIJKSIGNAAL_GEMEENTE=* nothing is 'buiten gemeente', and the per-partner
    completeness table stays one row per month and partner however many gemeenten there
    are (a join on gemeente rows once multiplied it by their number)."""
    settings = read_settings({"WIJKSIGNAAL_HOUSEHOLD_KEY": HOUSEHOLD_KEY,
                              "WIJKSIGNAAL_GEMEENTE": "*"})
    rows = [csv_row(f"N{i}", postcode, number, signaaldatum=f"0{5 + i % 3}-0{1 + i % 3}-2024",
                    partner=("zorgverzekeraar", "energieleverancier")[i % 2])
            for i, (postcode, number) in enumerate(
                [("9711AA", "1"), ("9401AA", "1"), ("1011AB", "1"), ("9713CD", "5")] * 6)]
    delivery = write_csv(tmp_path / "landelijk.csv", rows)
    warehouse = Warehouse(tmp_path)
    report = LoadReport(command="signals")
    with WarehouseRun(warehouse.path, "signals", settings) as run:
        sources = read_sources(run.con, settings, lookup_path=LOOKUP_CSV)
        load_signal_files(run.con, run.run_id, [delivery], sources, settings, report,
                          today=TODAY)
    run.publish_and_close(warehouse.published, report)

    assert report.rows_read == report.rows_loaded == 24
    gemeenten = warehouse.rows("select distinct area_code from marts.signals_window_area "
                               "where area_level = 'gemeente' order by 1")
    assert gemeenten == [("GM0014",), ("GM0106",), ("GM0363",)]
    per_partner = warehouse.rows(
        "select month, partner_type, count(*), sum(signals) "
        "from marts.partner_delivery_month group by all order by all")
    assert per_partner and all(n == 1 for _, _, n, _ in per_partner)
    assert sum(total for *_, total in per_partner) == 24
    published = warehouse.rows("select month, partner_type, count(*) "
                               "from partner_delivery_month group by all having count(*) > 1",
                               warehouse.published)
    assert published == []


def test_appending_batches_inside_the_run_transaction_does_not_keep_their_memory(tmp_path):
    """The pending tables fill inside one transaction: each batch's Arrow memory must be
    freed once it is appended, not held until commit (10 M signals would hold 0.8 GB)."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("begin")
    con.execute("create temp table pending (signal_key varchar, source_row bigint)")
    n = 100_000
    held_after = []
    for batch in range(5):
        keys = pa.array([f"{batch:02d}{i:030x}" for i in range(n)])
        append_frame(con, "temp.pending", pd.DataFrame({
            "signal_key": pd.arrays.ArrowStringArray(keys), "source_row": range(n)}))
        del keys
        gc.collect()
        held_after.append(pa.total_allocated_bytes())
    assert con.execute("select count(*) from temp.pending").fetchone() == (5 * n,)
    one_batch = n * 32
    assert held_after[-1] - held_after[0] < one_batch
    con.execute("rollback")
