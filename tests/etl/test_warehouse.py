"""The warehouse connection keeps DuckDB inside the memory it is given."""

from __future__ import annotations

import pytest

from etl.errors import EtlError
from etl.settings import read_settings
from etl.warehouse import open_warehouse


def test_the_memory_limit_setting_reaches_duckdb(tmp_path):
    settings = read_settings({"WIJKSIGNAAL_MEMORY_LIMIT": "700MB"})
    con = open_warehouse(tmp_path / "w.duckdb", settings.memory_limit)
    try:
        limit = con.execute("select current_setting('memory_limit')").fetchone()[0]
    finally:
        con.close()
    assert limit.endswith("MiB") and 650 <= float(limit.split()[0]) <= 700


def test_the_default_memory_limit_is_one_gigabyte():
    assert read_settings({}).memory_limit == "1GB"


def test_a_malformed_memory_limit_is_a_clear_error(tmp_path):
    with pytest.raises(EtlError, match="WIJKSIGNAAL_MEMORY_LIMIT 'veel' is geen geldige"):
        open_warehouse(tmp_path / "w.duckdb", "veel")


def test_only_signal_runs_count_as_the_newest_load(tmp_path):
    """An `etl areas` run after `etl signals` must not hide the signal load in the
    Maandoverzicht: its report says 0 rows read, which is not a signal load."""
    from etl.sqlfiles import read_sql
    from etl.sqlrun import build_models

    con = open_warehouse(tmp_path / "w.duckdb")
    try:
        build_models(con, views_only=True)
        con.execute("""
            insert into raw.load_run values
            (1, 'signals', '2026-11-01 10:00', '2026-11-01 10:05', 'ok',
             '{"rows_read": 10, "rows_loaded": 9, "rows_duplicate": 1, "rows_quarantined": {}}'),
            (2, 'areas', '2026-11-02 10:00', '2026-11-02 10:01', 'ok',
             '{"rows_read": 0, "rows_loaded": 0, "rows_duplicate": 0, "rows_quarantined": {}}')
        """)
        con.execute("create view load_run as select * from staging.stg_etl__load_run")
        newest = con.execute(read_sql("dashboard/maand__load_run.sql")).fetchall()
        areas_counts = con.execute(
            "select rows_read, rows_quarantined_json from load_run where run_id = 2").fetchone()
    finally:
        con.close()
    assert [(row[0], row[1], row[5]) for row in newest] == [(1, "signals", 10)]
    assert areas_counts == (None, None)
