"""Rolling-window counts of marts.signals_window_area and marts.funnel_window_area: checked
against hand-counted rows and a direct recount of the signals, and for their fixed row order
(publishing numbers cells by row position)."""

from __future__ import annotations

import duckdb
import pytest

from etl.sqlrun import build_models
from etl.warehouse import open_warehouse

# Buurten 0000 and 0001 lie in wijk WK001400, 0100 in WK001401; custom area 'noord' holds 0000
# and 0100. Households: h1 signals twice in January, then in March and April; h2 once in
# February; h3 in January and June (5 months apart); h4 in January 2024 and February 2025
# (13 months apart), so the calendar runs over months without any signal.
FIXTURE_SQL = """
insert into raw.delivery (delivery_id, run_id, source_file, file_sha256, source_format,
    delivery_key, is_demo, loaded_at, superseded_by)
values (1, 1, 'export.csv', 'a', 'csv', 'export:export', false, timestamp '2025-03-01 10:00', null);

insert into raw.signal (delivery_id, signal_key, is_derived_id, signaaldatum, partner_type,
    buurt_code, placement_method, household_key)
select 1, 's' || row_number() over (), false, day, partner, buurt, 'adres', household
from (values
    (date '2024-01-03', 'Zorg', 'BU00140000', 'h1'),
    (date '2024-01-20', 'Zorg', 'BU00140000', 'h1'),
    (date '2024-03-05', 'Water', 'BU00140000', 'h1'),
    (date '2024-04-09', 'Zorg', 'BU00140000', 'h1'),
    (date '2024-02-14', 'Water', 'BU00140000', 'h2'),
    (date '2024-01-08', 'Zorg', 'BU00140001', 'h3'),
    (date '2024-06-11', 'Zorg', 'BU00140001', 'h3'),
    (date '2024-01-30', 'Energie', 'BU00140100', 'h4'),
    (date '2025-02-02', 'Energie', 'BU00140100', 'h4')
) as t(day, partner, buurt, household);

insert into raw.area_member values
    ('nplv', 'noord', 'Noord', 'BU00140000', 't', 1),
    ('nplv', 'noord', 'Noord', 'BU00140100', 't', 1);
"""

# Every household once per buurt and window, summed over the area's buurten.
RECOUNT_SQL = """
with signal as (
    select buurt_code, partner_type, household_key, month from staging.stg_signals__signal
    union all
    select buurt_code, 'Totaal', household_key, month from staging.stg_signals__signal
),

per_buurt as (
    select
        cell.area_code, cell.partner_type, cell.window_months, cell.month,
        count(*) as signals,
        count(distinct signal.household_key) as households
    from marts.signals_window_area as cell
    inner join intermediate.int_areas__membership as member
        on member.area_code = cell.area_code
    inner join signal
        on signal.buurt_code = member.buurt_code
        and signal.partner_type = cell.partner_type
        and signal.month > cell.month - to_months(cell.window_months)
        and signal.month <= cell.month
    group by cell.area_code, cell.partner_type, cell.window_months, cell.month,
        member.buurt_code
)

select area_code, partner_type, window_months, month, sum(signals), sum(households)
from per_buurt
group by area_code, partner_type, window_months, month
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    con = open_warehouse(tmp_path_factory.mktemp("windows") / "warehouse.duckdb")
    con.execute(FIXTURE_SQL)
    build_models(con)
    yield con
    con.close()


def cell(con, area_code: str, partner_type: str, window_months: int, month: str) -> tuple:
    return con.execute(
        "select signals, households, months_covered from marts.signals_window_area "
        "where area_code = ? and partner_type = ? and window_months = ? and month = ?",
        [area_code, partner_type, window_months, month]).fetchone()


def test_a_household_counts_once_per_window_however_many_signals(warehouse):
    assert cell(warehouse, "BU00140000", "Zorg", 1, "2024-01-01") == (2, 1, 1)
    assert cell(warehouse, "BU00140000", "Zorg", 3, "2024-03-01") == (2, 1, 3)
    assert cell(warehouse, "BU00140000", "Totaal", 3, "2024-03-01") == (4, 2, 3)
    assert cell(warehouse, "BU00140000", "Totaal", 12, "2024-04-01") == (5, 2, 4)


def test_a_household_leaves_the_window_when_its_last_signal_month_does(warehouse):
    assert cell(warehouse, "BU00140000", "Zorg", 3, "2024-06-01") == (1, 1, 3)
    assert cell(warehouse, "BU00140000", "Zorg", 3, "2024-07-01") == (0, 0, 3)
    assert cell(warehouse, "WK001400", "Zorg", 3, "2024-06-01") == (2, 2, 3)
    assert cell(warehouse, "BU00140100", "Energie", 12, "2024-12-01") == (1, 1, 12)
    assert cell(warehouse, "BU00140100", "Energie", 12, "2025-01-01") == (0, 0, 12)
    assert cell(warehouse, "BU00140100", "Energie", 12, "2025-02-01") == (1, 1, 12)


def test_window_counts_match_a_recount_of_the_signals(warehouse):
    recount = {row[:4]: row[4:] for row in warehouse.execute(RECOUNT_SQL).fetchall()}
    rows = warehouse.execute(
        "select area_code, partner_type, window_months, month, signals, households "
        "from marts.signals_window_area").fetchall()
    assert {row[:4]: row[4:] for row in rows if row[4:] != (0, 0)} == recount
    areas = {r[0] for r in warehouse.execute(
        "select distinct area_code from marts.signals_window_area").fetchall()}
    assert areas == {"BU00140000", "BU00140001", "BU00140100", "WK001400", "WK001401",
                     "GM0014", "noord"}


def test_every_area_has_every_month_of_a_series(warehouse):
    months = warehouse.execute("select count(*) from intermediate.int_months__calendar").fetchone()
    counts = warehouse.execute(
        "select count(*) from marts.signals_window_area "
        "group by area_code, partner_type, window_months").fetchall()
    assert months == (14,)
    assert set(counts) == {months}


def test_signal_rows_come_in_publication_order(warehouse):
    stored = warehouse.execute(
        "select area_level, window_months, partner_type, month, area_code "
        "from marts.signals_window_area").fetchall()
    assert stored == sorted(stored)


def test_funnel_rows_come_in_publication_order_with_the_total_signals(warehouse):
    stored = warehouse.execute(
        "select area_level, window_months, month, area_code, signals "
        "from marts.funnel_window_area").fetchall()
    totals = warehouse.execute(
        "select area_level, window_months, month, area_code, signals "
        "from marts.signals_window_area where partner_type = 'Totaal'").fetchall()
    assert stored == sorted(stored)
    assert stored == totals
