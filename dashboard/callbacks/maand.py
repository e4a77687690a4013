"""Maandoverzicht callbacks: new rows on a month or level change, downloads on request.

The view lives in the URL (``?maand=2026-10&niveau=wijk``) so a review can be bookmarked and
shared; the address is updated in place by the same clientside function the Kaart uses. A
month change sends only the grid's compact rows and the small completeness table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import pandas as pd
from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    no_update,
)
from dash.exceptions import PreventUpdate

from dashboard import i18n, ids
from dashboard.callbacks.query import month_from_query
from dashboard.data.meta import available_months, read_meta
from dashboard.data.review import (
    LEVELS,
    LoadReport,
    MonthReview,
    delivery_completeness,
    review_month,
)
from dashboard.exports import export_csv, export_filename, export_xlsx, review_export_table
from dashboard.figures.sparkline import sparkline_text
from dashboard.indicators import PARTNER_LABELS
from dashboard.layout import maand

DEFAULT_LEVEL = "wijk"
# Characters that would change a name inside a markdown link's text.
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>"})


@dataclass(frozen=True)
class ReviewState:
    """What the review shows; round-trips through the URL query string."""

    level: str = DEFAULT_LEVEL
    month: date | None = None

    @classmethod
    def from_query(cls, query: dict, months: tuple[date, ...]) -> ReviewState:
        """Read a state from URL parameters; anything odd falls back to the defaults."""
        month = month_from_query(query, months)
        level = query.get("niveau")
        return cls(level=level if level in LEVELS else DEFAULT_LEVEL, month=month)

    def to_query(self) -> str:
        """The state as ``?maand=2026-10&niveau=wijk`` for a shareable URL."""
        return "?" + urlencode({"maand": f"{self.month:%Y-%m}" if self.month else "",
                                "niveau": self.level})


def _value(value: object, decimals: int | None = None) -> int | float | None:
    """A JSON number for sorting and filtering, or None."""
    if i18n.is_missing(value):
        return None
    return int(value) if decimals is None else round(float(value), decimals)


def _flag(is_rise: object, is_delivery_problem: object) -> int:
    """2 unusual rise, 1 not judged (delivery problem), 0 judged and usual, -1 no expectation."""
    if i18n.is_missing(is_rise) and i18n.is_missing(is_delivery_problem):
        return -1
    if not i18n.is_missing(is_delivery_problem) and bool(is_delivery_problem):
        return 1
    return 2 if (not i18n.is_missing(is_rise) and bool(is_rise)) else 0


def review_rows(review: MonthReview) -> list[dict]:
    """The grid's rows: short keys, a number to sort on and the Dutch text to show.

    Parameters
    ----------
    review
        The month's areas from :func:`dashboard.data.review.review_month`.

    Returns
    -------
    list of dict
        One row per area, flagged rows first; a suppressed count has no number and reads
        'minder dan 5'.
    """
    suppressed = i18n.suppressed_text(review.threshold)
    rows = []
    for r in review.frame.itertuples(index=False):
        count_text = (suppressed if r.status == "onderdrukt" else i18n.NO_DATA
                      if r.status != "ok" else i18n.format_int(r.signals))
        # A rate without a number says why ('onderdrukt', 'te weinig huishoudens'); 'minder
        # dan 5' here would read as a rate below 5.
        rate_text = i18n.format_decimal(r.rate) if r.rate_status == "ok" else r.rate_status
        expected_text = "–" if i18n.is_missing(r.expected) else (
            f"{_expected_number(r.expected)} "
            f"({i18n.format_int(r.lower)}–{i18n.format_int(r.upper)})")
        flag = _flag(r.is_rise, r.is_delivery_problem)
        row = {"c": r.area_code, "n": r.area_name.translate(_MARKDOWN_SPECIAL),
               "sp": sparkline_text(r.series), "f": flag}
        _put(row, "s", _value(r.signals), count_text)
        _put(row, "h", _value(r.cbs_households), i18n.format_int(r.cbs_households))
        _put(row, "r", _value(r.rate, 1), rate_text)
        _put(row, "dm", _value(r.change_month), i18n.format_change(r.change_month))
        _put(row, "dmp", _value(r.change_month_pct, 1),
             i18n.format_change(r.change_month_pct, 0, " %"))
        _put(row, "dy", _value(r.change_year), i18n.format_change(r.change_year))
        _put(row, "dyp", _value(r.change_year_pct, 1),
             i18n.format_change(r.change_year_pct, 0, " %"))
        _put(row, "e", _value(r.expected, 1), expected_text)
        if i18n.REVIEW_FLAGS[flag]:
            row["ft"] = i18n.REVIEW_FLAGS[flag]
        rows.append(row)
    rows.sort(key=lambda row: (-row["f"], row["n"]))
    return rows


def _expected_number(value: float) -> str:
    """The expected count as published: whole when the file rounds it, else one decimal."""
    return i18n.format_int(value) if float(value).is_integer() else i18n.format_decimal(value)


def _put(row: dict, key: str, value: int | float | None, text: str) -> None:
    """Add a number and its text, leaving out what the grid can tell without them.

    The grid shows '–' for a missing number and the number itself when no text is given
    (see ``layout.maand._shown``), which keeps a month of 150 buurten well under 50 KB.
    """
    if value is not None:
        row[key] = value
    if not ((value is None and text == "–") or (value is not None and text == str(value))):
        row[key + "t"] = text


def review_title(review: MonthReview) -> str:
    """'Wijken — oktober 2026'."""
    return i18n.REVIEW_TABLE_TITLE.format(levels=i18n.LEVELS[review.level],
                                          month=i18n.month_name(review.month))


def review_summary(review: MonthReview) -> str:
    """One sentence an analyst reads first: which areas rose unusually, if any."""
    frame = review.frame
    month = i18n.month_name(review.month)
    if frame["expected"].isna().all():
        return i18n.REVIEW_SUMMARY_NOT_JUDGED.format(month=month)
    if frame["is_delivery_problem"].fillna(False).astype(bool).all():
        return i18n.REVIEW_SUMMARY_DELIVERY.format(month=month)
    rising = frame[frame["is_rise"].fillna(False).astype(bool)]
    if rising.empty:
        return i18n.REVIEW_SUMMARY_NO_RISES.format(month=month)
    singular, plural = i18n.REVIEW_LEVEL_COUNT[review.level]
    return i18n.REVIEW_SUMMARY_RISES.format(count=len(rising),
                                            level=singular if len(rising) == 1 else plural,
                                            names=", ".join(sorted(rising["area_name"])))


def completeness_rows(frame: pd.DataFrame, threshold: int) -> tuple[list[str], list[dict]]:
    """Partner-type headers and one row of cells per month, each cell in words.

    A missing delivery reads 'ontbreekt' (never 0); a low one 'laag: 12'; a suppressed count
    'minder dan 5'; a month without any published row '–'.
    """
    partners = list(dict.fromkeys(frame["partner_type"]))
    cells = {(c.partner_type, c.month): c for c in frame.itertuples(index=False)}
    rows = []
    for month in sorted(frame["month"].unique()):
        row_cells = []
        for partner in partners:
            cell = cells.get((partner, month))
            if cell is None or not cell.has_row:
                row_cells.append({"text": "–", "kind": "none"})
            elif cell.is_missing:
                row_cells.append({"text": i18n.COMPLETENESS_MISSING, "kind": "missing"})
            elif cell.is_low:
                row_cells.append({"text": i18n.COMPLETENESS_LOW.format(
                    count=i18n.format_count(cell.signals, threshold)), "kind": "low"})
            else:
                row_cells.append({"text": i18n.format_count(cell.signals, threshold),
                                  "kind": "ok"})
        rows.append({"month": i18n.month_short(month), "cells": row_cells})
    return [PARTNER_LABELS.get(p, p) for p in partners], rows


def completeness_table(month: date, threshold: int):
    """The completeness grid of the 12 months ending with ``month``."""
    frame = delivery_completeness(month)
    partners, rows = completeness_rows(frame, threshold)
    first = i18n.shift_month(month, -11)
    caption = i18n.COMPLETENESS_CAPTION.format(first=i18n.month_short(first),
                                               last=i18n.month_short(month))
    return maand.completeness_table(partners, rows, caption)


def load_report_rows(report: LoadReport | None
                     ) -> tuple[list[tuple[str, str]] | None, list[tuple[str, str]],
                                list[list[str]]]:
    """The load report in words: summary pairs, reasons with counts, one row per file."""
    if report is None:
        return None, [], []
    f = i18n.LOAD_FIELDS
    summary = [
        (f["command"], report.command),
        (f["started_at"], i18n.format_timestamp(report.started_at)),
        (f["finished_at"], i18n.format_timestamp(report.finished_at)),
        (f["status"], i18n.LOAD_STATUS.get(report.status, report.status)),
        (f["files"], i18n.format_int(len(report.files))),
        (f["rows_read"], i18n.format_int(report.rows_read)),
        (f["rows_loaded"], i18n.format_int(report.rows_loaded)),
        (f["rows_duplicate"], i18n.format_int(report.rows_duplicate)),
        (f["rows_quarantined"], i18n.format_int(report.rows_quarantined)),
    ]
    reasons = [(str(r.reason), i18n.format_int(r.rows))
               for r in report.reasons.itertuples(index=False)]

    def period(start: object, end: object) -> str:
        if i18n.is_missing(start) or i18n.is_missing(end):
            return "–"
        first, last = pd.Timestamp(start), pd.Timestamp(end)
        if first.day == 1 and last == first + pd.offsets.MonthEnd(0):
            return i18n.month_short(first.date())
        return f"{first:%d-%m-%Y} t/m {last:%d-%m-%Y}"

    files = [
        [str(r.source_file), i18n.SOURCE_FORMATS.get(r.source_format, str(r.source_format)),
         period(r.period_start, r.period_end), i18n.format_int(r.rows_read),
         i18n.format_int(r.rows_loaded), i18n.format_int(r.rows_duplicate),
         i18n.format_int(r.rows_quarantined),
         "; ".join(f"{reason} ({i18n.format_int(rows)})" for reason, rows in r.reasons)
         or "–"]
        for r in report.files.itertuples(index=False)
    ]
    return summary, reasons, files


@dataclass
class ReviewRender:
    """What a month or level change sends to the page."""

    rows: list[dict]
    title: str
    summary: str
    notes: list
    query: str


def render_review(state: ReviewState) -> ReviewRender:
    """Everything the review table shows for ``state``.

    Parameters
    ----------
    state
        Level and month.

    Returns
    -------
    ReviewRender
        Grid rows, title, summary sentence, reading notes and the URL query.
    """
    assert state.month is not None
    review = review_month(state.level, state.month)
    notes = maand.notes(threshold=review.threshold, min_households=review.min_households,
                        structure_year=review.structure_year,
                        first_month=i18n.shift_month(review.month, -11),
                        last_month=review.month)
    return ReviewRender(review_rows(review), review_title(review), review_summary(review),
                        notes, state.to_query())


def _month_at(month_index: object) -> date:
    months = available_months()
    if not months:
        raise PreventUpdate
    try:
        index = int(month_index or 0)
    except (TypeError, ValueError):
        index = len(months) - 1
    return months[min(max(index, 0), len(months) - 1)]


@callback(
    Output(ids.REVIEW_GRID, "rowData"),
    Output(ids.REVIEW_PERIOD_TEXT, "children"),
    Output(ids.REVIEW_SUMMARY, "children"),
    Output(ids.REVIEW_NOTES, "children"),
    Output(ids.REVIEW_COMPLETENESS, "children"),
    Output(ids.REVIEW_STATE, "data"),
    Input(ids.REVIEW_MONTH, "value"),
    Input(ids.REVIEW_LEVEL, "value"),
    prevent_initial_call=True,
)
def on_review_controls(month_index, level):
    """New rows for a new month or level; the completeness grid only follows the month."""
    state = ReviewState(level=level if level in LEVELS else DEFAULT_LEVEL,
                        month=_month_at(month_index))
    render = render_review(state)
    completeness = (no_update if ctx.triggered_id == ids.REVIEW_LEVEL
                    else completeness_table(state.month, read_meta().threshold))
    return render.rows, render.title, render.summary, render.notes, completeness, render.query


clientside_callback(
    ClientsideFunction(namespace="wijksignaal", function_name="replaceQuery"),
    Output(ids.REVIEW_STATE, "id"),
    Input(ids.REVIEW_STATE, "data"),
    prevent_initial_call=True,
)


def export_file(state: ReviewState, kind: str, dutch: bool,
                codes: list[str] | None = None) -> dict:
    """The review as a download (``dcc.Download`` data): CSV or XLSX.

    Parameters
    ----------
    state
        Level and month exported.
    kind
        ``csv`` or ``xlsx``.
    dutch
        CSV only: ';' and a decimal comma (Dutch Excel) instead of ',' and a point.
    codes
        Area codes as the grid shows them (filtered and sorted); all areas when None.
        Only codes are taken from the browser: every value is read again here.

    Returns
    -------
    dict
        What ``dcc.send_bytes`` returns.
    """
    assert state.month is not None
    review = review_month(state.level, state.month)
    table = review_export_table(review.frame, month=review.month, threshold=review.threshold,
                                structure_year=review.structure_year, codes=codes)
    content = export_csv(table, dutch=dutch) if kind == "csv" else export_xlsx(table)
    return dcc.send_bytes(content, export_filename(state.level, state.month, kind))


@callback(
    Output(ids.REVIEW_DOWNLOAD, "data"),
    Input(ids.REVIEW_EXPORT_CSV, "n_clicks"),
    Input(ids.REVIEW_EXPORT_XLSX, "n_clicks"),
    State(ids.REVIEW_MONTH, "value"),
    State(ids.REVIEW_LEVEL, "value"),
    State(ids.REVIEW_EXPORT_DUTCH, "value"),
    State(ids.REVIEW_GRID, "virtualRowData"),
    prevent_initial_call=True,
)
def on_review_export(_csv, _xlsx, month_index, level, dutch, shown_rows):
    """Download the table as the grid shows it (its filter and sort), never more detail."""
    if not ctx.triggered_id:
        raise PreventUpdate
    state = ReviewState(level=level if level in LEVELS else DEFAULT_LEVEL,
                        month=_month_at(month_index))
    codes = None if shown_rows is None else [
        row["c"] for row in shown_rows if isinstance(row, dict) and "c" in row]
    kind = "xlsx" if ctx.triggered_id == ids.REVIEW_EXPORT_XLSX else "csv"
    return export_file(state, kind, bool(dutch), codes)
