"""Read an Excel (XLSX) export of vroegsignalen into signal batches, one row per sheet row.

Staff often save the export in Excel before sending it: a title row above the header, a
second sheet with an explanation, dates and amounts stored as real cell values. The reader
uses the first sheet whose header (within the first rows) names the required columns, turns
date cells into ISO dates and number cells into plain text, and leaves parsing of text to
the transform step, exactly as for CSV.
"""

from __future__ import annotations

import codecs
import logging
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import chain, islice
from pathlib import Path

import pyarrow as pa
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from etl.errors import EtlError
from etl.extract.batch import Delivery, ExtractBatch
from etl.extract.export_columns import (
    WHITESPACE,
    ExportColumns,
    build_signal_frame,
    compute_file_sha256,
    describe_export,
    log_left_behind,
    map_export_columns,
)

logger = logging.getLogger(__name__)

_HEADER_SCAN = 20  # rows of each sheet searched for the header
_OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")  # the old binary .xls format


def read_signal_xlsx(
    path: str | Path, *, chunk_rows: int = 250_000, keep_bsn: bool = False
) -> Iterator[ExtractBatch]:
    """Read an XLSX export into batches of at most ``chunk_rows`` signals.

    The workbook, the header and the first chunk are checked before this returns, so a
    file that is empty, not XLSX, has no usable sheet or has only a header fails at once.

    Parameters
    ----------
    path
        The export file.
    chunk_rows
        Maximum rows per batch; a large sheet yields several batches sharing one Delivery.
    keep_bsn
        Copy the BSN into the frame (only when a BSN -> address file is supplied); otherwise
        only ``has_bsn`` says whether one was there.

    Returns
    -------
    Iterator[ExtractBatch]
        Batches in sheet order; every non-blank row below the header is one signal row.

    Raises
    ------
    EtlError
        When the file is empty or not XLSX, no sheet has the required columns, or the sheet
        has a header but no rows.
    """
    path = Path(path)
    if chunk_rows < 1:
        raise ValueError("chunk_rows must be at least 1")
    _check_container(path)
    delivery = describe_export(path, "xlsx", compute_file_sha256(path))
    workbook = _open_workbook(path)
    try:
        header = _locate_sheet(workbook, path)
    except BaseException:
        workbook.close()
        raise
    log_left_behind(header.columns, logger)
    batches = _iter_batches(workbook, header, delivery, path, chunk_rows, keep_bsn)
    first = next(batches, None)
    if first is None:
        raise EtlError(
            f"bestand bevat alleen een kopregel, geen signalen (blad '{header.sheet}')", path
        )
    return chain([first], batches)


@dataclass
class _SheetHeader:
    """Where the table starts in the chosen sheet and which column feeds which field."""

    sheet: str
    first_data_row: int  # 1-based sheet row below the header
    columns: ExportColumns


def _check_container(path: Path) -> None:
    """Refuse empty and non-XLSX files with a message the sender understands."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
            size = path.stat().st_size
    except OSError as exc:
        raise EtlError(f"bestand kan niet worden geopend ({exc.strerror})", path) from None
    if size <= len(head) and not head.removeprefix(codecs.BOM_UTF8).strip():
        raise EtlError("bestand is leeg", path)
    if head.startswith(_OLE_SIGNATURE):
        raise EtlError("bestand is in het oude Excel-formaat (xls); sla het op als xlsx", path)
    if not zipfile.is_zipfile(path):
        raise EtlError("bestand is geen Excel-bestand (xlsx)", path)


def _open_workbook(path: Path) -> Workbook:
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise EtlError(
            f"bestand kan niet als xlsx worden gelezen ({type(exc).__name__})", path
        ) from None


def _locate_sheet(workbook: Workbook, path: Path) -> _SheetHeader:
    """Use the first sheet whose header names the required columns; skip explanation sheets."""
    looked: list[str] = []
    incomplete: tuple[str, ExportColumns] | None = None
    for sheet in workbook.worksheets:
        looked.append(sheet.title)
        sheet.reset_dimensions()  # some exporters write a wrong sheet size
        try:
            top = [tuple(row) for row in islice(sheet.iter_rows(values_only=True), _HEADER_SCAN)]
        except Exception as exc:  # a damaged sheet part
            raise EtlError(
                f"blad '{sheet.title}' kan niet worden gelezen ({type(exc).__name__})", path
            ) from None
        first_data_row, columns = _find_header(top)
        if first_data_row is not None and columns is not None:
            return _SheetHeader(sheet.title, first_data_row, columns)
        if columns is not None and incomplete is None:
            incomplete = (sheet.title, columns)
    names = ", ".join(f"'{name}'" for name in looked) or "geen"
    problem = f"geen werkblad met de verplichte kolommen gevonden (bekeken: {names})"
    if incomplete is not None:
        problem += f"; blad '{incomplete[0]}': {incomplete[1].missing_required()}"
    raise EtlError(problem, path)


def _find_header(rows: Sequence[Sequence[object]]) -> tuple[int | None, ExportColumns | None]:
    """Find the header among the top rows: one row, or two when a merged group cell ('Adres')
    sits above the column names.

    Returns the first data row and the columns when found; else None and the first
    recognisable but incomplete header (for the message), or None and None.
    """
    mapped = [map_export_columns(row) for row in rows]
    usable = [m.is_recognised and m.missing_required() is None for m in mapped]
    for index, columns in enumerate(mapped):
        if usable[index]:
            return index + 2, columns
        if index + 1 < len(rows) and mapped[index + 1].is_recognised and not usable[index + 1]:
            joined = map_export_columns(_join_header_rows(rows[index], rows[index + 1]))
            if joined.missing_required() is None:
                return index + 3, joined
    return None, next((m for m in mapped if m.is_recognised), None)


def _join_header_rows(upper: Sequence[object], lower: Sequence[object]) -> list[object]:
    """Read a two-row header column by column: the lower name where there is one."""
    width = max(len(upper), len(lower))
    cells = []
    for i in range(width):
        below = lower[i] if i < len(lower) else None
        above = upper[i] if i < len(upper) else None
        cells.append(above if _is_blank(below) else below)
    return cells


def _iter_batches(
    workbook: Workbook,
    header: _SheetHeader,
    delivery: Delivery,
    path: Path,
    chunk_rows: int,
    keep_bsn: bool,
) -> Iterator[ExtractBatch]:
    """Walk the sheet below the header, one batch per ``chunk_rows`` non-blank rows."""
    fields = header.columns.fields
    width = len(header.columns.headers)
    values: dict[str, list[str | None]] = {name: [] for name in fields}
    rows: list[int] = []
    try:
        for number, row in _read_rows(workbook, header, path):
            if all(_is_blank(cell) for cell in islice(row, width)):
                continue
            rows.append(number)
            for name, index in fields.items():
                values[name].append(_cell_text(row[index] if index < len(row) else None, name))
            if len(rows) >= chunk_rows:
                yield _to_batch(values, rows, header.sheet, delivery, keep_bsn)
                values = {name: [] for name in fields}
                rows = []
        if rows:
            yield _to_batch(values, rows, header.sheet, delivery, keep_bsn)
    finally:
        workbook.close()


def _read_rows(
    workbook: Workbook, header: _SheetHeader, path: Path
) -> Iterator[tuple[int, Sequence[object]]]:
    """Yield (sheet row number, cell values) below the header; a damaged sheet is an EtlError."""
    cells = workbook[header.sheet].iter_rows(min_row=header.first_data_row, values_only=True)
    number = header.first_data_row
    while True:
        try:
            row = next(cells)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl raises many types for a damaged sheet part
            raise EtlError(
                f"blad '{header.sheet}' kan niet worden gelezen ({type(exc).__name__})", path
            ) from None
        yield number, row
        number += 1


def _to_batch(
    values: dict[str, list[str | None]],
    rows: list[int],
    sheet: str,
    delivery: Delivery,
    keep_bsn: bool,
) -> ExtractBatch:
    refs = pa.array([f"blad '{sheet}' rij {row}" for row in rows], pa.string())
    frame = build_signal_frame(
        {name: pa.array(col, pa.string()) for name, col in values.items()},
        pa.array(rows, pa.int64()),
        refs,
        pa.nulls(len(rows), pa.string()),
        keep_bsn=keep_bsn,
    )
    return ExtractBatch(delivery=delivery, signals=frame)


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip(WHITESPACE))


def _cell_text(cell: object, field: str) -> str | None:
    """Write a cell as the text a CSV export would hold: ISO dates, numbers without grouping."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date | time):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        cell = int(cell)
    if isinstance(cell, int):
        if field == "bsn" and 0 <= cell < 10**9:
            return f"{cell:09d}"  # a BSN stored as a number lost its leading zero
        return str(cell)
    if isinstance(cell, float):
        return repr(cell)
    return str(cell)
