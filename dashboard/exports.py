"""The monthly review as a spreadsheet: CSV (Dutch or international Excel) and XLSX.

Pure formatting, no data access, so the rules every download must keep are tested here:
a suppressed count leaves as 'minder dan 5' (never the number behind it), numbers stay
numbers, and text a spreadsheet would run as a formula (=, +, -, @, tab, carriage return at
the start) gets a leading apostrophe so opening the file cannot execute anything.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from datetime import date

import pandas as pd

from dashboard import i18n

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME = "Maandoverzicht"


def neutralise_formula(value: object) -> object:
    """Text that would start a spreadsheet formula gets a leading apostrophe; the rest as is.

    Only text is touched: a negative number stays a number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _is_blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _number(value: object, decimals: int | None = None) -> object:
    """A plain Python number for the sheet, or None when there is none."""
    if _is_blank(value):
        return None
    if decimals is None:
        return int(value)
    return round(float(value), decimals)


def review_export_table(frame: pd.DataFrame, *, month: date, threshold: int,
                        structure_year: int | None,
                        codes: Sequence[str] | None = None) -> pd.DataFrame:
    """The review's rows as a sheet: Dutch headers, numbers as numbers, suppression as text.

    Parameters
    ----------
    frame
        One row per area, as :func:`dashboard.data.review.review_month` returns it.
    month
        The month reviewed (its 12 months end here).
    threshold
        The disclosure threshold: suppressed counts read 'minder dan {threshold}'.
    structure_year
        The CBS year of the households, named in the header.
    codes
        Area codes in the order to export (the table's filter and sort): an empty list
        exports no rows; None, or codes of which none is in the frame (a table still showing
        another level), export all areas in the frame's order.

    Returns
    -------
    pandas.DataFrame
        Cells are int, float, str or None (empty).
    """
    if codes is not None:
        known = set(frame["area_code"])
        wanted = [c for c in codes if c in known]
        if wanted or not codes:
            frame = frame.set_index("area_code", drop=False).loc[wanted]
    suppressed = i18n.suppressed_text(threshold)
    months = [i18n.shift_month(month, offset) for offset in range(-11, 1)]

    def count(value: object, status: str) -> object:
        if status == "onderdrukt":
            return suppressed
        if status != "ok":
            return i18n.NO_DATA
        return _number(value)

    def flag(value: object) -> str:
        return "" if _is_blank(value) else (i18n.YES if bool(value) else i18n.NO)

    headers = i18n.REVIEW_EXPORT_HEADERS
    households_header = (headers["households"].format(year=structure_year) if structure_year
                         else headers["households_plain"])
    columns = [headers["code"], headers["name"], headers["month"], headers["signals"],
               households_header, *(headers[key] for key in (
                   "rate", "change_month", "change_month_pct", "change_year",
                   "change_year_pct", "expected", "lower", "upper", "q_value", "is_rise",
                   "is_delivery_problem")),
               *(headers["series"].format(month=i18n.month_short(m)) for m in months)]
    rows = []
    for r in frame.itertuples(index=False):
        row = {
            headers["code"]: r.area_code,
            headers["name"]: r.area_name,
            headers["month"]: f"{month:%Y-%m}",
            headers["signals"]: count(r.signals, r.status),
            households_header: _number(r.cbs_households),
            headers["rate"]: _number(r.rate, 1) if r.rate_status == "ok" else r.rate_status,
            headers["change_month"]: _number(r.change_month),
            headers["change_month_pct"]: _number(r.change_month_pct, 1),
            headers["change_year"]: _number(r.change_year),
            headers["change_year_pct"]: _number(r.change_year_pct, 1),
            headers["expected"]: _number(r.expected, 1),
            headers["lower"]: _number(r.lower),
            headers["upper"]: _number(r.upper),
            headers["q_value"]: _number(r.q_value, 4),
            headers["is_rise"]: flag(r.is_rise),
            headers["is_delivery_problem"]: flag(r.is_delivery_problem),
        }
        for m, value, published in zip(months, r.series, r.series_published, strict=True):
            row[headers["series"].format(month=i18n.month_short(m))] = (
                _number(value) if value is not None else suppressed if published else None)
        rows.append(row)
    return pd.DataFrame(rows, columns=columns, dtype=object)


def _csv_text(value: object, dutch: bool) -> str:
    if _is_blank(value):
        return ""
    if isinstance(value, bool):
        return i18n.YES if value else i18n.NO
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isinf(value):
            return ""
        text = f"{value:.10g}"
        return text.replace(".", ",") if dutch else text
    return str(neutralise_formula(str(value)))


def export_csv(table: pd.DataFrame, *, dutch: bool) -> bytes:
    """The table as CSV for Excel: Dutch (';' and decimal comma) or international (',' '.').

    UTF-8 with a byte-order mark, so Excel reads the accents; every text cell neutralised.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dutch else ",", lineterminator="\r\n")
    writer.writerow([_csv_text(c, dutch) for c in table.columns])
    for row in table.itertuples(index=False, name=None):
        writer.writerow([_csv_text(v, dutch) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(table: pd.DataFrame, *, sheet_name: str = SHEET_NAME) -> bytes:
    """The table as an Excel workbook: numbers as numbers, text neutralised, header frozen."""
    safe = table.map(lambda v: None if _is_blank(v) else neutralise_formula(v))
    safe.columns = [neutralise_formula(str(c)) for c in table.columns]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=sheet_name, index=False)
        sheet = writer.sheets[sheet_name]
        sheet.freeze_panes = "C2"
        for index, column in enumerate(safe.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in safe.iloc[:, index - 1]
                                               if v is not None])
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = \
                min(max(width + 2, 8), 40)
    return buffer.getvalue()


def export_filename(level: str, month: date, extension: str) -> str:
    """'wijksignaal-maandoverzicht-wijk-2026-10.csv'."""
    return f"wijksignaal-maandoverzicht-{level}-{month:%Y-%m}.{extension}"
