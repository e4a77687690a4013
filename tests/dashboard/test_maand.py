"""Maandoverzicht as plain functions: layout, rows, changes, completeness, load report,
exports and the URL state."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import dash_ag_grid as dag
import duckdb
import openpyxl
import pandas as pd
import pytest
from dash_tree import find_component

from dashboard import ids
from dashboard.data.review import quarantine_reasons, signal_change
from dashboard.exports import (
    export_csv,
    export_filename,
    export_xlsx,
    neutralise_formula,
    review_export_table,
)
from dashboard.figures.sparkline import sparkline_text

OCTOBER = date(2026, 10, 1)
MONTHS = (date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1))


def _maand_layout(**query):
    """The page's layout as the app registered it (importing the page module again would
    register ``/maand`` twice)."""
    import dash

    page = next(p for p in dash.page_registry.values() if p["path"] == "/maand")
    return page["layout"](**query)


def _text(component) -> str:
    return json.dumps(component.to_plotly_json(), default=str, ensure_ascii=False)


@pytest.fixture(scope="module")
def published_month(demo_build):
    """The published wijk counts and expectations of October 2026, read directly."""
    con = duckdb.connect(str(demo_build.published), read_only=True)
    try:
        counts = con.execute(
            "select area_code, month, signals from signals_window_area where area_level = "
            "'wijk' and window_months = 1 and partner_type = 'Totaal'").fetchdf()
        rise = con.execute(
            "select area_code, expected, lower, upper, is_rise from rise_month_area "
            "where area_level = 'wijk' and month = ?", [OCTOBER]).fetchdf()
    finally:
        con.close()
    counts["month"] = pd.to_datetime(counts["month"]).dt.date
    return counts, rise


# --- layout and URL state -------------------------------------------------------------


def test_maand_layout_lists_every_wijk_with_completeness_and_load_report(dash_app):
    layout = _maand_layout()
    grid = find_component(layout, ids.REVIEW_GRID)
    assert isinstance(grid, dag.AgGrid)
    assert len(grid.rowData) == 20
    assert find_component(layout, ids.REVIEW_COMPLETENESS) is not None
    assert find_component(layout, ids.REVIEW_LOAD_REPORT) is not None
    assert find_component(layout, ids.REVIEW_DOWNLOAD) is not None
    text = _text(layout)
    assert "Wijken — oktober 2026" in text
    assert "Laatste laadronde" in text
    assert "/over" in text


def test_maand_layout_follows_the_query_string(dash_app):
    layout = _maand_layout(niveau="buurt", maand="2026-04")
    assert len(find_component(layout, ids.REVIEW_GRID).rowData) == 150
    assert find_component(layout, ids.REVIEW_PERIOD_TEXT).children == "Buurten — april 2026"
    slider = find_component(layout, ids.REVIEW_MONTH)
    from dashboard.data.meta import available_months

    assert available_months()[slider.value] == date(2026, 4, 1)


def test_review_state_round_trips_through_the_query_string():
    from dashboard.callbacks.maand import ReviewState

    state = ReviewState(level="nplv_wijken", month=date(2026, 9, 1))
    assert state.to_query() == "?maand=2026-09&niveau=nplv_wijken"
    query = dict(pair.split("=") for pair in state.to_query().lstrip("?").split("&"))
    assert ReviewState.from_query(query, MONTHS) == state


def test_review_state_falls_back_to_the_last_month_and_wijken_for_odd_values():
    from dashboard.callbacks.maand import ReviewState

    assert ReviewState.from_query({"maand": "2099-13", "niveau": "land"}, MONTHS) == \
        ReviewState(level="wijk", month=date(2026, 10, 1))
    assert ReviewState.from_query({"maand": "2020-01"}, MONTHS).month == date(2026, 10, 1)


# --- rows -----------------------------------------------------------------------------


def test_review_rows_match_the_published_counts_and_expectations(dash_app, published_month):
    from dashboard.callbacks.maand import review_rows
    from dashboard.data.review import review_month

    counts, rise = published_month
    rows = {row["c"]: row for row in review_rows(review_month("wijk", OCTOBER))}
    assert set(rows) == set(rise["area_code"])
    october = counts[counts["month"] == OCTOBER].set_index("area_code")["signals"]
    for code, signals in october.items():
        if pd.isna(signals):
            assert "s" not in rows[code]
        else:
            assert rows[code]["s"] == int(signals)
    for r in rise.itertuples(index=False):
        if pd.isna(r.expected):
            assert "e" not in rows[r.area_code] and rows[r.area_code]["f"] != 2
        else:
            assert rows[r.area_code]["e"] == pytest.approx(round(float(r.expected), 1))
            assert (rows[r.area_code]["f"] == 2) == bool(r.is_rise)
    flagged = [row for row in rows.values() if row["f"] == 2]
    assert flagged and all(row["ft"] == "ongebruikelijke stijging" for row in flagged)


def test_suppressed_counts_read_minder_dan_5_and_never_count_as_zero(dash_app,
                                                                     published_month):
    from dashboard.callbacks.maand import review_rows
    from dashboard.data.review import review_month

    counts, _ = published_month
    october = counts[counts["month"] == OCTOBER]
    suppressed = set(october.loc[october["signals"].isna(), "area_code"])
    assert suppressed, "the demo has suppressed wijken in October 2026"
    rows = {row["c"]: row for row in review_rows(review_month("wijk", OCTOBER))}
    for code in suppressed:
        row = rows[code]
        assert row["st"] == "minder dan 5 of afgeschermd"
        assert "s" not in row and "r" not in row
        assert row["rt"] == "onderdrukt"
        assert "dm" not in row and "dy" not in row and "dmp" not in row


def test_rates_need_the_minimum_number_of_households(dash_app):
    from dashboard.callbacks.maand import review_rows
    from dashboard.data.review import review_month

    review = review_month("buurt", OCTOBER)
    rows = {row["c"]: row for row in review_rows(review)}
    small = review.frame[review.frame["cbs_households"] < review.min_households]
    assert len(small)
    for code in small["area_code"]:
        assert "r" not in rows[code]
        assert rows[code]["rt"] in ("te weinig huishoudens", "onderdrukt", "geen gegevens")
    big = review.frame[(review.frame["cbs_households"] >= review.min_households)
                       & review.frame["signals"].notna()].iloc[0]
    expected = round(big["signals"] / big["cbs_households"] * 1000, 1)
    assert rows[big["area_code"]]["r"] == pytest.approx(expected)


def test_changes_compare_with_last_month_and_the_same_month_last_year(dash_app,
                                                                      published_month):
    from dashboard.data.review import review_month

    counts, _ = published_month
    by = counts.set_index(["area_code", "month"])["signals"]
    frame = review_month("wijk", OCTOBER).frame.set_index("area_code")
    checked = 0
    for code, row in frame.iterrows():
        now, before, year_ago = (by.get((code, m)) for m in
                                 (OCTOBER, date(2026, 9, 1), date(2025, 10, 1)))
        if not any(pd.isna(v) for v in (now, before, year_ago)) and before and year_ago:
            assert row["change_month"] == now - before
            assert row["change_month_pct"] == pytest.approx((now - before) / before * 100)
            assert row["change_year"] == now - year_ago
            assert row["change_year_pct"] == pytest.approx((now - year_ago) / year_ago * 100)
            checked += 1
    assert checked >= 10


def test_signal_change_is_unknown_when_either_count_is_suppressed():
    current = pd.Series([10, pd.NA, 7, 3], dtype="Int64")
    previous = pd.Series([pd.NA, 8, 0, 4], dtype="Int64")
    absolute, relative = signal_change(current, previous)
    assert absolute.isna().tolist() == [True, True, False, False]
    assert absolute.iloc[2] == 7
    assert relative.isna().tolist() == [True, True, True, False]
    assert relative.iloc[3] == pytest.approx(-25.0)


def test_sparkline_starts_at_zero_and_shows_suppressed_months_as_gaps():
    assert sparkline_text([0, 1, 7, None]) == "▁▂█·"
    assert sparkline_text([None, None]) == "··"
    assert sparkline_text([0, 0]) == "▁▁"
    assert len(sparkline_text([5] * 12)) == 12


def test_summary_names_the_areas_with_an_unusual_rise(dash_app):
    from dashboard.callbacks.maand import review_summary
    from dashboard.data.review import review_month

    review = review_month("wijk", OCTOBER)
    rising = review.frame.loc[review.frame["is_rise"].fillna(False).astype(bool), "area_name"]
    summary = review_summary(review)
    assert all(name in summary for name in rising)
    assert "Ongebruikelijke stijging" in summary


def test_a_month_change_sends_less_than_50_kb_for_all_buurten(dash_app):
    client = dash_app.server.test_client()
    outputs = [(ids.REVIEW_GRID, "rowData"), (ids.REVIEW_PERIOD_TEXT, "children"),
               (ids.REVIEW_SUMMARY, "children"), (ids.REVIEW_NOTES, "children"),
               (ids.REVIEW_COMPLETENESS, "children"), (ids.REVIEW_STATE, "data")]
    body = {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": ids.REVIEW_MONTH, "property": "value", "value": 33},
                   {"id": ids.REVIEW_LEVEL, "property": "value", "value": "buurt"}],
        "changedPropIds": [f"{ids.REVIEW_MONTH}.value"],
        "state": [],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    assert len(response.data) < 50_000
    payload = response.get_json()["response"]
    assert len(payload[ids.REVIEW_GRID]["rowData"]) == 150
    assert "geometry" not in response.get_data(as_text=True)


# --- completeness and load report -----------------------------------------------------


def test_a_missing_delivery_is_a_marked_gap_not_a_low_number(dash_app):
    from dashboard.callbacks.maand import completeness_rows
    from dashboard.data.review import delivery_completeness

    partners, rows = completeness_rows(delivery_completeness(OCTOBER), threshold=5)
    assert len(rows) == 12
    assert rows[0]["month"] == "nov 2025" and rows[-1]["month"] == "okt 2026"
    water = partners.index("Water")
    april = next(row for row in rows if row["month"] == "apr 2026")
    assert april["cells"][water] == {"text": "ontbreekt", "kind": "missing"}
    assert sum(cell["kind"] == "missing" for row in rows for cell in row["cells"]) == 1
    texts = {cell["text"] for row in rows for cell in row["cells"]}
    assert "minder dan 5 of afgeschermd" in texts


def test_completeness_table_reads_low_and_suppressed_cells_in_words():
    from dashboard.callbacks.maand import completeness_rows

    frame = pd.DataFrame({
        "partner_type": ["Zorg", "Zorg", "Water", "Water"],
        "month": [date(2026, 9, 1), date(2026, 10, 1)] * 2,
        "signals": pd.array([12, pd.NA, 0, 3], dtype="Int64"),
        "is_missing": [False, False, True, False],
        "is_low": [True, False, False, False],
        "has_row": [True, True, True, False],
    })
    partners, rows = completeness_rows(frame, threshold=5)
    assert partners == ["Zorgverzekeraar", "Water"]
    assert [c["text"] for c in rows[0]["cells"]] == ["laag: 12", "ontbreekt"]
    assert [c["text"] for c in rows[1]["cells"]] == ["minder dan 5 of afgeschermd", "–"]


def test_load_report_adds_up_and_lists_reasons_most_first(dash_app):
    from dashboard.callbacks.maand import load_report_rows
    from dashboard.data.review import latest_load_report

    report = latest_load_report()
    assert report is not None
    assert report.rows_read == report.rows_loaded + report.rows_duplicate \
        + report.rows_quarantined
    assert report.reasons["rows"].is_monotonic_decreasing
    assert len(report.files) > 0
    # Files replaced by a correction or skipped as a whole duplicate are not listed.
    assert report.files["rows_quarantined"].sum() <= report.rows_quarantined
    assert report.files["rows_read"].sum() <= report.rows_read
    summary, reasons, files = load_report_rows(report)
    assert dict(summary)["Status"] == "geslaagd"
    assert reasons[0][0] == report.reasons["reason"].iloc[0]
    assert len(files) == len(report.files)


def test_quarantine_reasons_tolerate_missing_or_broken_json():
    assert quarantine_reasons(None).empty
    assert quarantine_reasons("niet json").empty
    frame = quarantine_reasons('{"schema": 2, "geen adres": 5}')
    assert frame.to_dict("records") == [{"reason": "geen adres", "rows": 5},
                                        {"reason": "schema", "rows": 2}]


# --- exports --------------------------------------------------------------------------


@pytest.fixture()
def small_table() -> pd.DataFrame:
    return pd.DataFrame({
        "Gebied": ["Selwerd", "=SUM(1)", "+1", "-1", "@x", "\tx", "\rx"],
        "Signalen": [12, "minder dan 5 of afgeschermd", 7, 0, 3, 1, 2],
        "Per 1.000": [1234.5, None, 0.5, -2.25, 1.0, 2.0, 3.0],
        "Verschil": [-3, None, 2, 0, 1, 1, 1],
    }, dtype=object)


def test_dutch_csv_uses_semicolons_and_decimal_commas(small_table):
    text = export_csv(small_table, dutch=True).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Gebied;Signalen;Per 1.000;Verschil"
    assert lines[1] == "Selwerd;12;1234,5;-3"
    assert lines[2] == "'=SUM(1);minder dan 5 of afgeschermd;;"
    assert lines[4] == "'-1;0;-2,25;0"


def test_international_csv_uses_commas_and_decimal_points(small_table):
    text = export_csv(small_table, dutch=False).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Gebied,Signalen,Per 1.000,Verschil"
    assert lines[1] == "Selwerd,12,1234.5,-3"
    assert lines[4] == "'-1,0,-2.25,0"


def test_csv_starts_with_a_byte_order_mark_so_excel_reads_accents():
    table = pd.DataFrame({"Gebied": ["Hoogkerk-Zuid ë"]}, dtype=object)
    assert export_csv(table, dutch=True).startswith(b"\xef\xbb\xbf")


def test_spreadsheet_formulas_are_neutralised_but_numbers_are_not():
    for text in ("=SUM(1)", "+1", "-1", "@x", "\tx", "\rx"):
        assert neutralise_formula(text) == "'" + text
    assert neutralise_formula("Selwerd") == "Selwerd"
    assert neutralise_formula(-1) == -1
    assert neutralise_formula(-2.5) == -2.5


def test_xlsx_reads_back_with_numbers_as_numbers_and_formulas_as_text(small_table):
    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(small_table)))
    sheet = book["Maandoverzicht"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Gebied", "Signalen", "Per 1.000", "Verschil")
    assert rows[1] == ("Selwerd", 12, 1234.5, -3)
    assert rows[2][:2] == ("'=SUM(1)", "minder dan 5 of afgeschermd")
    # XML normalises a carriage return to a line feed on some writers; the quote stays.
    assert [r[0].replace("\r", "\n") for r in rows[3:]] == ["'+1", "'-1", "'@x", "'\tx",
                                                           "'\nx"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_export_keeps_suppression_and_follows_the_grid_filter_and_sort(dash_app):
    from dashboard.data.review import review_month

    review = review_month("wijk", OCTOBER)
    table = review_export_table(review.frame, month=OCTOBER, threshold=review.threshold,
                                structure_year=review.structure_year)
    assert len(table) == 20
    suppressed = review.frame.loc[review.frame["status"] == "onderdrukt", "area_code"]
    exported = table.set_index("Gebiedscode")
    assert (exported.loc[suppressed, "Signalen"] == "minder dan 5 of afgeschermd").all()
    assert "Signalen okt 2026" in table.columns and "Signalen nov 2025" in table.columns
    numbers = pd.to_numeric(exported["Signalen"], errors="coerce").dropna()
    assert (numbers.isin([0]) | (numbers >= review.threshold)).all()
    for column in [c for c in table.columns if re.fullmatch(r"Signalen \w+ \d{4}", c)]:
        cells = table[column].dropna()
        values = pd.to_numeric(cells, errors="coerce").dropna()
        assert ((values == 0) | (values >= review.threshold)).all()
    codes = list(reversed(review.frame["area_code"].iloc[:3]))
    picked = review_export_table(review.frame, month=OCTOBER, threshold=review.threshold,
                                 structure_year=review.structure_year, codes=codes)
    assert picked["Gebiedscode"].tolist() == codes
    empty = review_export_table(review.frame, month=OCTOBER, threshold=review.threshold,
                                structure_year=review.structure_year, codes=[])
    assert empty.empty and list(empty.columns) == list(table.columns)


def test_export_file_is_a_named_download_in_either_format(dash_app):
    import base64

    from dashboard.callbacks.maand import ReviewState, export_file

    state = ReviewState(level="wijk", month=OCTOBER)
    csv_file = export_file(state, "csv", dutch=True)
    assert csv_file["filename"] == "wijksignaal-maandoverzicht-wijk-2026-10.csv"
    content = base64.b64decode(csv_file["content"]).decode("utf-8-sig")
    assert content.splitlines()[0].startswith("Gebiedscode;Gebied;Maand;Signalen")
    assert len(content.splitlines()) == 21
    xlsx_file = export_file(state, "xlsx", dutch=True)
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(xlsx_file["content"])))
    assert book.active.max_row == 21
    assert export_filename("buurt", OCTOBER, "xlsx") == \
        "wijksignaal-maandoverzicht-buurt-2026-10.xlsx"
