"""Read a CSV export of vroegsignalen into signal batches, one row per record, so counts add up.

Staff export from different systems: comma, semicolon or tab separated; UTF-8, UTF-8 with BOM,
Windows-1252, or a mix of the two (files pasted together). A file that is valid UTF-8 as a
whole goes through pyarrow's streaming CSV reader; anything else is decoded line by line
(UTF-8, else cp1252) and parsed with the ``csv`` module. Either way every record becomes one
row of the signals frame: a record with the wrong number of fields stays, rejected with a
reason and its line number, and never with its values. Fully blank records are skipped.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl.errors import EtlError
from etl.extract.batch import Delivery, ExtractBatch
from etl.extract.export_columns import (
    WHITESPACE,
    ExportColumns,
    build_signal_frame,
    describe_export,
    log_left_behind,
    map_export_columns,
)

logger = logging.getLogger(__name__)

_READ_BLOCK = 1 << 20  # hashing and probing read the file in 1 MiB blocks
_ARROW_BLOCK = 4 << 20  # pyarrow parses 4 MiB at a time; a record may not be longer
_PYTHON_GROUP = 50_000  # records per group on the csv-module path
_HEADER_SCAN = 20  # non-blank lines searched for the header row
_DELIMITERS = (";", ",", "\t")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LONE_CR = re.compile(rb"(?<=\r)(?!\n)")
_TEXT_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_QUOTED = re.compile(r'"[^"]*"')
_SEP_HINT = re.compile(r"^sep=(.)$", re.IGNORECASE)
_ROW = "__source_row"
_DETAIL = "__reject_detail"


def read_signal_csv(
    path: str | Path, *, chunk_rows: int = 250_000, keep_bsn: bool = False
) -> Iterator[ExtractBatch]:
    """Read a CSV export into batches of at most ``chunk_rows`` signals.

    The header, the encoding and the first chunk are checked before this returns, so a file
    that is empty, unreadable, has only a header or lacks a required column fails at once.

    Parameters
    ----------
    path
        The export file.
    chunk_rows
        Maximum rows per batch; a large file yields several batches sharing one Delivery.
    keep_bsn
        Copy the BSN into the frame (only when a BSN -> address file is supplied); otherwise
        only ``has_bsn`` says whether one was there.

    Returns
    -------
    Iterator[ExtractBatch]
        Batches in file order; every non-blank record is one row, rejected ones included.

    Raises
    ------
    EtlError
        When the file is empty, not a CSV, has no recognisable header, lacks a required
        column, or has a header but no records.
    """
    path = Path(path)
    if chunk_rows < 1:
        raise ValueError("chunk_rows must be at least 1")
    probe = _probe_file(path)
    header = _locate_header(path, probe)
    log_left_behind(header.columns, logger)
    delivery = describe_export(path, "csv", probe.sha256)
    batches = _iter_batches(path, probe, header, delivery, chunk_rows, keep_bsn)
    first = next(batches, None)
    if first is None:
        raise EtlError("bestand bevat alleen een kopregel, geen signalen", path)
    return chain([first], batches)


@dataclass
class _Probe:
    """What one pass over the bytes tells us before parsing."""

    sha256: str
    is_utf8: bool
    is_utf16: bool
    has_quote: bool


@dataclass
class _Header:
    """The header row and how the records after it are written."""

    line: int  # 1-based line of the header
    offset: int | None  # byte offset where the records start (None for UTF-16)
    delimiter: str
    columns: ExportColumns


@dataclass
class _BadRecord:
    """A record pyarrow could not fit to the header, remembered without its text."""

    number: int  # 1-based record number counted from the first record after the header
    field_count: int
    line_breaks: int
    is_blank: bool


@dataclass
class _Group:
    """Consecutive records with their lines: the unit the chunker cuts batches from."""

    table: pa.Table  # mapped fields as text, plus _ROW and _DETAIL
    last_line: int  # start line of the last record seen, blank ones included


def _probe_file(path: Path) -> _Probe:
    """Hash the file and learn its encoding and quoting in one streamed pass."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    is_utf8, has_quote, has_content, head = True, False, False, b""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise EtlError(f"bestand kan niet worden geopend ({exc.strerror})", path) from None
    with handle:
        while block := handle.read(_READ_BLOCK):
            digest.update(block)
            if not head:
                head = block[:65536]
                block = block.removeprefix(codecs.BOM_UTF8)
            if is_utf8:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    is_utf8 = False
            has_quote = has_quote or b'"' in block
            has_content = has_content or bool(block.strip())
    if is_utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    if not has_content:
        raise EtlError("bestand is leeg", path)
    if head.startswith(b"PK\x03\x04"):
        raise EtlError("bestand is een Excel- of zip-bestand, geen CSV", path)
    is_utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not is_utf16 and b"\x00" in head[:8192]:
        raise EtlError("bestand is geen tekstbestand (CSV): het bevat binaire gegevens", path)
    return _Probe(digest.hexdigest(), is_utf8 and not is_utf16, is_utf16, has_quote)


def _locate_header(path: Path, probe: _Probe) -> _Header:
    """Find the first line among the first non-blank ones that names the required columns."""
    first_recognised: ExportColumns | None = None
    forced_delimiter: str | None = None
    seen = 0
    with _open_lines(path, probe) as lines:
        for number, (text, offset) in enumerate(lines, start=1):
            text = text.rstrip("\r\n")
            if number == 1:
                text = text.removeprefix("\ufeff")
            if not text.strip(WHITESPACE):
                continue
            seen += 1
            if seen > _HEADER_SCAN:
                break
            hint = _SEP_HINT.match(text.strip(WHITESPACE))
            if hint:
                forced_delimiter = hint.group(1)
                continue
            delimiter = forced_delimiter or _sniff_delimiter(text)
            columns = map_export_columns(_split_line(text, delimiter))
            if columns.is_recognised and columns.missing_required() is None:
                return _Header(number, offset if probe.is_utf8 else None, delimiter, columns)
            if columns.is_recognised and first_recognised is None:
                first_recognised = columns
    if first_recognised is not None:
        raise EtlError(first_recognised.missing_required() or "kopregel onbruikbaar", path)
    raise EtlError(
        f"geen herkenbare kopregel in de eerste {_HEADER_SCAN} regels; verwacht kolommen als "
        "'signaaldatum', 'signaalpartner', 'postcode' en 'huisnummer'",
        path,
    )


@contextmanager
def _open_lines(path: Path, probe: _Probe) -> Iterator[Iterator[tuple[str, int]]]:
    """Open the file as (decoded line, byte offset after it) pairs, whatever its encoding."""
    with path.open("rb") as handle:
        if probe.is_utf16:
            text = handle.read().decode("utf-16", errors="replace")
            yield ((line, 0) for line in _split_text_lines(text))
        else:
            yield _decode_lines(handle)


def _decode_lines(handle: Iterable[bytes]) -> Iterator[tuple[str, int]]:
    offset = 0
    for raw in _split_byte_lines(handle):
        offset += len(raw)
        yield _decode_line(raw), offset


def _split_byte_lines(handle: Iterable[bytes]) -> Iterator[bytes]:
    """Yield lines ending in \\n, \\r\\n or a lone \\r, as text editors count them."""
    for raw in handle:
        if b"\r" in raw:
            yield from (part for part in _LONE_CR.split(raw) if part)
        else:
            yield raw


def _split_text_lines(text: str) -> Iterator[str]:
    return (match.group(0) for match in _TEXT_LINE.finditer(text))


def _decode_line(raw: bytes) -> str:
    """Decode one line as UTF-8, else Windows-1252, so mixed-encoding files still read."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _sniff_delimiter(text: str) -> str:
    """Pick the delimiter that occurs most often outside quotes (';' wins a tie)."""
    bare = _QUOTED.sub("", text)
    counts = [(bare.count(d), -i, d) for i, d in enumerate(_DELIMITERS)]
    best = max(counts)
    return best[2] if best[0] else ","


def _split_line(text: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([text], delimiter=delimiter, strict=False), [])
    except csv.Error:
        return []


def _iter_batches(
    path: Path,
    probe: _Probe,
    header: _Header,
    delivery: Delivery,
    chunk_rows: int,
    keep_bsn: bool,
) -> Iterator[ExtractBatch]:
    """Cut the stream of record groups into batches of ``chunk_rows`` rows."""
    pending: list[pa.Table] = []
    pending_rows = 0
    for group in _iter_groups(path, probe, header):
        if group.table.num_rows == 0:
            continue
        pending.append(group.table)
        pending_rows += group.table.num_rows
        while pending_rows >= chunk_rows:
            table = pa.concat_tables(pending)
            yield _to_batch(table.slice(0, chunk_rows), delivery, keep_bsn)
            rest = table.slice(chunk_rows)
            pending, pending_rows = [rest], rest.num_rows
    if pending_rows:
        yield _to_batch(pa.concat_tables(pending), delivery, keep_bsn)


def _to_batch(table: pa.Table, delivery: Delivery, keep_bsn: bool) -> ExtractBatch:
    rows = table.column(_ROW)
    refs = pc.binary_join_element_wise("regel ", rows.cast(pa.string()), "")
    values = {name: table.column(name) for name in table.column_names if not name.startswith("__")}
    frame = build_signal_frame(values, rows, refs, table.column(_DETAIL), keep_bsn=keep_bsn)
    return ExtractBatch(delivery=delivery, signals=frame)


def _iter_groups(path: Path, probe: _Probe, header: _Header) -> Iterator[_Group]:
    """Parse with pyarrow when the file is UTF-8, else (or when pyarrow gives up) with csv."""
    last_line = header.line
    if probe.is_utf8 and (header.offset or 0) >= path.stat().st_size:
        return  # nothing after the header line (pyarrow calls that an error)
    if probe.is_utf8:
        try:
            for group in _arrow_groups(path, probe, header):
                last_line = group.last_line
                yield group
            return
        except pa.ArrowInvalid:
            logger.warning(
                "pyarrow could not parse %s after line %d; continuing with the csv module",
                path.name,
                last_line,
            )
    yield from _python_groups(path, probe, header, after_line=last_line)


class _RecordNumbers:
    """Give pyarrow's valid rows their record numbers, around the rows it set aside."""

    def __init__(self, delimiter: str, has_quote: bool) -> None:
        self.delimiter = delimiter
        self.has_quote = has_quote
        self.next = 1
        self.pending: list[_BadRecord] = []

    def handle_invalid(self, row: pacsv.InvalidRow) -> str:
        if row.number is None or row.number < 1:
            return "error"
        text = row.text
        breaks = len(_LINE_BREAK.findall(text)) if self.has_quote else 0
        blank = _is_blank_record(text, self.delimiter)
        self.pending.append(_BadRecord(row.number, row.actual_columns, breaks, blank))
        return "skip"

    def take(self, valid_rows: int) -> tuple[np.ndarray, list[_BadRecord]]:
        """Number the next ``valid_rows`` valid records; return them and the bad ones between."""
        start, remaining, parts, consumed = self.next, valid_rows, [], []
        for bad in self.pending:
            gap = bad.number - start
            if gap >= remaining:
                break
            parts.append(np.arange(start, bad.number, dtype=np.int64))
            remaining -= gap
            start = bad.number + 1
            consumed.append(bad)
        parts.append(np.arange(start, start + remaining, dtype=np.int64))
        self.next = start + remaining
        del self.pending[: len(consumed)]
        return np.concatenate(parts), consumed

    def flush(self) -> list[_BadRecord]:
        rest, self.pending = self.pending, []
        if rest:
            self.next = rest[-1].number + 1
        return rest


def _is_blank_record(text: str, delimiter: str) -> bool:
    """Whether a set-aside record holds nothing but empty fields (quotes and spaces only)."""
    if text.strip(WHITESPACE + delimiter + '"'):
        return False
    try:
        fields = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    except csv.Error:
        return False
    return all(not value.strip(WHITESPACE) for value in fields)


def _arrow_groups(path: Path, probe: _Probe, header: _Header) -> Iterator[_Group]:
    """Stream a UTF-8 file through pyarrow, one group per parsed block."""
    width = len(header.columns.headers)
    names = [f"c{i}" for i in range(width)]
    numbers = _RecordNumbers(header.delimiter, probe.has_quote)
    # Read, not memory-mapped: mapped pages of a 600 MB export would count as resident memory.
    source = pa.OSFile(str(path))
    source.seek(header.offset or 0)
    reader = pacsv.open_csv(
        source,
        read_options=pacsv.ReadOptions(
            use_threads=False, block_size=_ARROW_BLOCK, column_names=names
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=header.delimiter,
            quote_char='"',
            double_quote=True,
            escape_char=False,
            newlines_in_values=probe.has_quote,
            ignore_empty_lines=False,
            invalid_row_handler=numbers.handle_invalid,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
        ),
    )
    state = _LineState(header.line, header.columns, probe.has_quote)
    with source:
        for batch in reader:
            valid_numbers, bad = numbers.take(batch.num_rows)
            yield state.group(batch.columns, valid_numbers, bad)
        rest = numbers.flush()
        if rest:
            yield state.group([pa.array([], pa.string())] * width, np.empty(0, np.int64), rest)


@dataclass
class _LineState:
    """Turn record numbers into line numbers, counting line breaks inside quoted values."""

    header_line: int
    columns: ExportColumns
    has_quote: bool
    extra_lines: int = 0  # line breaks inside the records seen so far

    def group(
        self, raw: list[pa.Array], valid_numbers: np.ndarray, bad: list[_BadRecord]
    ) -> _Group:
        """Order valid and set-aside records by number, give them lines, drop blank ones."""
        n_valid, width = len(valid_numbers), len(self.columns.headers)
        stripped = [pc.utf8_trim(col, characters=WHITESPACE) for col in raw]
        numbers = np.concatenate([valid_numbers, np.array([b.number for b in bad], np.int64)])
        blank = np.concatenate(
            [_all_empty(stripped, n_valid), np.array([b.is_blank for b in bad], bool)]
        )
        if self.has_quote:
            bad_breaks = np.array([b.line_breaks for b in bad], np.int64)
            breaks = np.concatenate([_count_line_breaks(raw, n_valid), bad_breaks])
        else:
            breaks = np.zeros(len(numbers), np.int64)
        order = np.argsort(numbers, kind="stable")
        in_order = breaks[order]
        lines = (
            self.header_line + numbers[order] + self.extra_lines + np.cumsum(in_order) - in_order
        )
        self.extra_lines += int(breaks.sum())
        last_line = int(lines[-1]) if len(lines) else self.header_line
        kept = ~blank[order]
        table: dict[str, pa.Array] = {}
        if not bad and kept.all():
            for name, index in self.columns.fields.items():
                table[name] = stripped[index]
            detail = pa.nulls(n_valid, pa.string())
        else:
            take = pa.array(order[kept])
            for name, index in self.columns.fields.items():
                padded = pa.concat_arrays([stripped[index], pa.nulls(len(bad), pa.string())])
                table[name] = padded.take(take)
            line_at = np.empty(len(numbers), np.int64)
            line_at[order] = lines
            details = [
                f"regel {line_at[n_valid + i]}: {b.field_count} velden, verwacht {width}"
                for i, b in enumerate(bad)
            ]
            detail = pa.concat_arrays(
                [pa.nulls(n_valid, pa.string()), pa.array(details, pa.string())]
            )
            detail = detail.take(take)
        table[_ROW] = pa.array(lines[kept], pa.int64())
        table[_DETAIL] = detail
        return _Group(pa.table(table), last_line)


def _all_empty(stripped: list[pa.Array], n: int) -> np.ndarray:
    if not stripped:
        return np.ones(n, bool)
    empty = pc.equal(pc.utf8_length(stripped[0]), 0)
    for col in stripped[1:]:
        empty = pc.and_(empty, pc.equal(pc.utf8_length(col), 0))
    return empty.to_numpy(zero_copy_only=False).astype(bool)


def _count_line_breaks(raw: list[pa.Array], n: int) -> np.ndarray:
    total = np.zeros(n, np.int64)
    for col in raw:
        # Quoted line breaks are rare: a plain substring test spares most columns the regex.
        if not (pc.any(pc.match_substring(col, "\n")).as_py()
                or pc.any(pc.match_substring(col, "\r")).as_py()):
            continue
        counts = pc.count_substring_regex(col, _LINE_BREAK.pattern)
        total += counts.to_numpy(zero_copy_only=False).astype(np.int64)
    return total


def _python_groups(
    path: Path, probe: _Probe, header: _Header, *, after_line: int
) -> Iterator[_Group]:
    """Parse with the csv module, decoding line by line; records up to ``after_line`` are
    skipped (already read by pyarrow)."""
    width = len(header.columns.headers)
    sources = header.columns.fields
    with _open_lines(path, probe) as numbered:
        lines = (text for text, _ in numbered)
        for _ in range(header.line):
            next(lines, None)
        reader = csv.reader(
            lines, delimiter=header.delimiter, quotechar='"', doublequote=True, strict=False
        )
        columns: dict[str, list[str | None]] = {name: [] for name in sources}
        rows: list[int] = []
        details: list[str | None] = []
        consumed = 0
        while True:
            line = header.line + consumed + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error:
                raise EtlError(
                    f"regel {line}: record kan niet worden gelezen (veld te groot of "
                    "aanhalingsteken niet afgesloten)",
                    path,
                ) from None
            consumed = reader.line_num
            if line <= after_line or all(not value.strip(WHITESPACE) for value in record):
                continue
            rows.append(line)
            if len(record) == width:
                details.append(None)
                for name, index in sources.items():
                    columns[name].append(record[index])
            else:
                details.append(f"regel {line}: {len(record)} velden, verwacht {width}")
                for name in sources:
                    columns[name].append(None)
            if len(rows) >= _PYTHON_GROUP:
                yield _python_group(columns, rows, details)
                columns = {name: [] for name in sources}
                rows, details = [], []
        if rows:
            yield _python_group(columns, rows, details)


def _python_group(
    columns: dict[str, list[str | None]], rows: list[int], details: list[str | None]
) -> _Group:
    values = {name: pa.array(col, pa.string()) for name, col in columns.items()}
    values[_ROW] = pa.array(rows, pa.int64())
    values[_DETAIL] = pa.array(details, pa.string())
    return _Group(pa.table(values), rows[-1])
