"""The demo goes through the real ETL path and publishes a complete, safe file."""

from __future__ import annotations

import duckdb
import pytest


@pytest.fixture(scope="module")
def published(demo_build):
    con = duckdb.connect(str(demo_build.published), read_only=True)
    yield con
    con.close()


def test_demo_announces_one_line_per_etl_step(demo_build):
    text = "\n".join(demo_build.announced)
    for step in ("demo-bestanden", "grenzen 2022", "gebieden", "CBS-kengetallen", "signalen",
                 "gepubliceerd"):
        assert step in text


def test_demo_load_report_accounts_for_every_row(demo_build):
    report = demo_build.report
    assert report.rows_read == (report.rows_loaded + report.rows_duplicate
                                + sum(report.rows_quarantined.values()))
    for f in report.files:
        f.check()


def test_demo_shows_the_quarantine_with_several_reasons(demo_build):
    reasons = demo_build.report.rows_quarantined
    for reason in ("geen adres", "ongeldige regel", "onbekende signaalpartner", "schema",
                   "adres niet gevonden", "buiten gemeente", "signaaldatum in de toekomst"):
        assert reasons.get(reason, 0) > 0, reason


def test_demo_recognises_a_resent_export_as_duplicates(demo_build):
    resent = next(f for f in demo_build.report.files if "opnieuw" in f.source_file)
    assert resent.rows_duplicate == resent.rows_read
    assert resent.rows_loaded == 0


def test_demo_correction_replaces_the_first_delivery(demo_build):
    con = duckdb.connect(str(demo_build.warehouse), read_only=True)
    try:
        superseded = con.execute(
            "select source_file from raw.delivery where superseded_by is not null").fetchall()
    finally:
        con.close()
    assert [name for (name,) in superseded] == ["demo_2025-07_ddas_v0.9.json"]


def test_published_demo_holds_all_150_buurten_and_20_wijken(published):
    counts = dict(published.execute(
        "select area_level, count(distinct area_code) from area group by area_level").fetchall())
    assert counts["buurt"] == 150
    assert counts["wijk"] == 20
    assert counts["gemeente"] == 1
    rows = published.execute(
        "select count(*) from signals_month_buurt where partner_type = 'Totaal'").fetchone()[0]
    assert rows == 150 * 36


def test_published_demo_never_shows_a_count_below_the_threshold(published):
    for table, column in (("signals_window_area", "signals"),
                          ("signals_window_area", "households"),
                          ("funnel_window_area", "cases"), ("funnel_window_area", "reached")):
        small = published.execute(
            f"select count(*) from {table} where {column} between 1 and 4").fetchone()[0]
        assert small == 0, f"{table}.{column}"


def test_published_demo_is_labelled_demo(published):
    meta = dict(published.execute("select key, value from meta").fetchall())
    assert meta["is_demo"] == "true"
    assert meta["last_month"] == "2026-10-01"
    sources = {s for (s,) in published.execute(
        "select distinct source from indicators_year").fetchall()}
    assert all("demo" in s for s in sources)
