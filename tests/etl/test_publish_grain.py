"""The published file holds counts per area and period, never a row per signal or household.

The dashboard may only read pre-aggregated tables (issue 8): a keyed household or signal
in the published file would make it personal data and let a dashboard query scan signal
rows. The demo is published through the real ETL; every table and view in it is checked.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from etl.sqlfiles import read_sql

SIGNAL_LEVEL_COLUMNS = {"household_key", "signal_key", "signal_id"}


@pytest.fixture(scope="module")
def published(demo_build) -> Iterator[duckdb.DuckDBPyConnection]:
    """The demo's published file, read-only as the dashboard opens it."""
    con = duckdb.connect(str(demo_build.published), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def relations(published) -> dict[str, tuple[list[str], int]]:
    """Every published table and view: its columns and its number of rows."""
    return {name: (list(columns),
                   published.execute(f'select count(*) from "{name}"').fetchone()[0])
            for name, _, columns in published.execute(
                read_sql("bench/published_relations.sql")).fetchall()}


def test_published_relations_include_the_contract_views_and_the_count_tables(relations):
    assert {"signals_month_buurt", "signals_month_wijk", "funnel_month_wijk",
            "signals_window_area", "funnel_window_area"} <= set(relations)


def test_no_published_relation_has_a_household_or_signal_column(relations):
    found = {name: sorted(SIGNAL_LEVEL_COLUMNS & {c.lower() for c in columns})
             for name, (columns, _) in relations.items()}
    assert {name: columns for name, columns in found.items() if columns} == {}


def test_no_published_relation_has_more_rows_than_areas_months_partners_and_windows(
        published, relations):
    bound = published.execute(read_sql("bench/grain_bound.sql")).fetchone()[-1]
    assert bound > 0
    assert {name: rows for name, (_, rows) in relations.items() if rows > bound} == {}
