"""Read CBS's "Buurt, wijk en gemeente <jaar> voor postcode huisnummer" table.

CBS publishes it as ``PC6;Huisnummer;Buurt2023;Wijk2023;Gemeente2023`` with codes without
prefix or leading zeros; the national file has about 9 million rows, so it is read
with pyarrow's streaming CSV reader and kept run-length encoded (see AddressTable).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl.errors import EtlError

log = logging.getLogger(__name__)

_READ_BLOCK = 16 << 20  # bytes per parsed block: a few dozen blocks for the national file

_COLUMN_PATTERNS = {
    "pc6": re.compile(r"^pc6$|^postcode$"),
    "huisnummer": re.compile(r"^huisnummer$|^huisnr$"),
    "buurt": re.compile(r"^buurt(code)?(\d{4})?$"),
    "wijk": re.compile(r"^wijk(code)?(\d{4})?$"),
    "gemeente": re.compile(r"^gemeente(code)?(\d{4})?$"),
}


def _sniff_header(path: Path) -> tuple[list[str], str]:
    try:
        with path.open("rb") as handle:
            first = handle.readline(64 * 1024)
    except OSError as exc:
        raise EtlError(f"kan het adressenbestand niet lezen ({exc.strerror})", path) from exc
    if not first.strip():
        raise EtlError("adressenbestand is leeg", path)
    text = first.decode("utf-8-sig", errors="replace").strip()
    delimiter = ";" if text.count(";") >= text.count(",") else ","
    names = [part.strip().strip('"').strip() for part in text.split(delimiter)]
    return names, delimiter


@dataclass
class AddressTable:
    """The address table as runs of consecutive rows sharing PC6, buurt and gemeente.

    CBS lists each postcode's addresses together, so the national table's 9 million rows
    hold about half a million runs: postcodes and codes are parsed, checked and formatted
    once per run, and only the house numbers are per row.
    """

    runs: pd.DataFrame  # pc6 (as written), buurt_code, gemeente_code (categoricals), rows
    huisnummer: np.ndarray  # int64 per row; -1 where the field was empty

    def __len__(self) -> int:
        return len(self.huisnummer)

    def run_of_row(self) -> np.ndarray:
        """For every row, the position of its run."""
        return np.repeat(np.arange(len(self.runs), dtype=np.int64), self.runs["rows"].to_numpy())

    def to_frame(self) -> pd.DataFrame:
        """One row per address: ``pc6``, ``huisnummer`` (Int64), ``buurt_code``,
        ``gemeente_code`` (categoricals); for small tables and tests."""
        run = self.run_of_row()
        number = pd.array(self.huisnummer, dtype="Int64")
        number[self.huisnummer < 0] = pd.NA
        return pd.DataFrame({
            "pc6": self.runs["pc6"].iloc[run].reset_index(drop=True),
            "huisnummer": number,
            "buurt_code": self.runs["buurt_code"].iloc[run].reset_index(drop=True),
            "gemeente_code": self.runs["gemeente_code"].iloc[run].reset_index(drop=True),
        })

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> AddressTable:
        """An address table from a frame shaped like :meth:`to_frame` (one run per row)."""
        numbers = frame["huisnummer"].astype("Int64").fillna(-1).to_numpy(dtype=np.int64)
        runs = pd.DataFrame({
            "pc6": frame["pc6"].astype("string").reset_index(drop=True),
            "buurt_code": pd.Categorical(frame["buurt_code"].astype("string")),
            "gemeente_code": pd.Categorical(frame["gemeente_code"].astype("string")),
            "rows": np.ones(len(frame), dtype=np.int64),
        })
        return cls(runs=runs, huisnummer=numbers)


def read_pc6_lookup(path: str | Path) -> tuple[AddressTable, int | None]:
    """Read the PC6 + huisnummer -> buurt table.

    Parameters
    ----------
    path
        The CBS CSV (``;``-separated; ``,`` is accepted too).

    Returns
    -------
    tuple
        The table (:class:`AddressTable`; buurt and gemeente codes as ``BU00140103`` and
        ``GM0014``, CBS codes may be alphanumeric from 2025 on) and the year named in the
        header (or None).
    """
    path = Path(path)
    names, delimiter = _sniff_header(path)
    lowered = [n.lower() for n in names]
    mapping: dict[str, str] = {}
    year: int | None = None
    for target, pattern in _COLUMN_PATTERNS.items():
        for original, low in zip(names, lowered, strict=True):
            match = pattern.match(low)
            if match:
                mapping[target] = original
                if target == "buurt" and match.group(2):  # Buurt2023, not Buurtcode
                    year = int(match.group(2))
                break
    missing = [c for c in ("pc6", "huisnummer", "buurt") if c not in mapping]
    if missing:
        raise EtlError(
            f"adressenbestand mist kolom(men) {', '.join(missing)} "
            f"(verwacht PC6;Huisnummer;Buurt<jaar>;Wijk<jaar>;Gemeente<jaar>)",
            path,
        )
    wanted = [mapping[c] for c in ("pc6", "buurt", "gemeente") if c in mapping]
    try:
        runs, starts, numbers = _read_runs(path, delimiter, wanted, mapping["huisnummer"])
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise EtlError(f"adressenbestand is geen geldige CBS-tabel ({exc})", path) from exc
    buurt = _format_codes(runs[mapping["buurt"]], "BU", 8)
    if "gemeente" in mapping:
        gemeente = _format_codes(runs[mapping["gemeente"]], "GM", 4)
    else:
        # A buurt code carries its gemeente: BU00140103 lies in GM0014.
        gemeente = pd.Categorical("GM" + pd.Series(buurt.astype("string")).str.slice(2, 6))
    frame = AddressTable(
        runs=pd.DataFrame({
            "pc6": pd.Series(pd.arrays.ArrowStringArray(runs[mapping["pc6"]])),
            "buurt_code": buurt,
            "gemeente_code": gemeente,
            "rows": np.diff(np.append(starts, len(numbers))),
        }),
        huisnummer=numbers,
    )
    log.info("address lookup: %d rows in %d runs, year %s", len(frame), len(starts), year)
    return frame, year


def _read_runs(
    path: Path, delimiter: str, wanted: list[str], number_column: str
) -> tuple[dict[str, pa.ChunkedArray], np.ndarray, np.ndarray]:
    """Stream the table block by block: the first row of every run (``wanted`` columns), the
    row positions where runs start, and every row's house number (-1 where empty).

    Streaming reuses one block's memory instead of parsing the whole table into fresh
    memory, which the kernel must zero first: the national file takes a third less CPU time.
    """
    types = {column: pa.string() for column in wanted}
    types[number_column] = pa.int64()
    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(encoding="utf8", block_size=_READ_BLOCK),
        parse_options=pacsv.ParseOptions(delimiter=delimiter),
        convert_options=pacsv.ConvertOptions(
            column_types=types, include_columns=[*wanted, number_column]),
    )
    firsts: dict[str, list[pa.Array]] = {column: [] for column in wanted}
    starts: list[np.ndarray] = []
    numbers: list[np.ndarray] = []
    last_row: list | None = None
    offset = 0
    for block in reader:
        n = block.num_rows
        if n == 0:
            continue
        columns = [block.column(c) for c in wanted]
        change = _run_starts(columns, n)
        first_row = [column[0].as_py() for column in columns]
        change[0] = last_row is None or any(
            a is None or b is None or a != b for a, b in zip(last_row, first_row, strict=True))
        at = np.flatnonzero(change)
        positions = pa.array(at)
        for column_name, column in zip(wanted, columns, strict=True):
            firsts[column_name].append(column.take(positions))
        starts.append(at + offset)
        numbers.append(pc.fill_null(block.column(number_column), -1)
                       .to_numpy(zero_copy_only=False).astype(np.int64, copy=False))
        last_row = [column[n - 1].as_py() for column in columns]
        offset += n
    runs = {c: pa.chunked_array(parts, pa.string()) for c, parts in firsts.items()}
    empty = np.empty(0, dtype=np.int64)
    return (runs, np.concatenate(starts) if starts else empty,
            np.concatenate(numbers) if numbers else empty)


def _run_starts(columns: list[pa.Array], n: int) -> np.ndarray:
    """Where any of ``columns`` differs from the row before (nulls differ), as a mask; the
    first row is left to the caller."""
    change = np.zeros(n, dtype=bool)
    for column in columns:
        if n > 1:
            differs = pc.not_equal(column.slice(1), column.slice(0, n - 1))
            change[1:] |= pc.fill_null(differs, True).to_numpy(zero_copy_only=False)
    return change


def _format_codes(column: pa.ChunkedArray, prefix: str, width: int) -> pd.Categorical:
    """CBS writes 140103 for BU00140103; format each distinct code once."""
    encoded = column.combine_chunks().dictionary_encode()
    labels = pd.Series(encoded.dictionary.to_pylist(), dtype="string").str.strip().str.upper()
    labels = prefix + labels.str.removeprefix(prefix).str.zfill(width)
    categories = pd.Index(labels.dropna()).unique()
    remap = categories.get_indexer(labels)
    indices = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    codes = np.where(indices >= 0, remap[np.clip(indices, 0, None)], -1)
    return pd.Categorical.from_codes(codes, categories=categories)
