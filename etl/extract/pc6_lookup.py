"""Read CBS's "Buurt, wijk en gemeente <jaar> voor postcode huisnummer" table.

CBS publishes it as ``PC6;Huisnummer;Buurt2023;Wijk2023;Gemeente2023`` with codes without
prefix or leading zeros; the national file has about 9 million rows, so it is read
with pyarrow's multithreaded CSV reader into compact categorical columns.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from etl.errors import EtlError

log = logging.getLogger(__name__)

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


def read_pc6_lookup(path: str | Path) -> tuple[pd.DataFrame, int | None]:
    """Read the PC6 + huisnummer -> buurt table into compact columns.

    Parameters
    ----------
    path
        The CBS CSV (``;``-separated; ``,`` is accepted too).

    Returns
    -------
    tuple
        A frame with ``pc6`` (string), ``huisnummer`` (Int64), ``buurt_code`` and
        ``gemeente_code`` (categoricals, ``BU00140103``/``GM0014``; CBS codes may be
        alphanumeric from 2025 on), and the year named in the header (or None).
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
    wanted = list(mapping.values())
    types = {column: pa.string() for column in wanted}
    types[mapping["huisnummer"]] = pa.int64()
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding="utf8"),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(column_types=types, include_columns=wanted),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise EtlError(f"adressenbestand is geen geldige CBS-tabel ({exc})", path) from exc
    buurt = _format_codes(table.column(mapping["buurt"]), "BU", 8)
    if "gemeente" in mapping:
        gemeente = _format_codes(table.column(mapping["gemeente"]), "GM", 4)
    else:
        # A buurt code carries its gemeente: BU00140103 lies in GM0014.
        gemeente = pd.Categorical("GM" + pd.Series(buurt.astype("string")).str.slice(2, 6))
    frame = pd.DataFrame(
        {
            "pc6": pd.arrays.ArrowStringArray(table.column(mapping["pc6"])),
            "huisnummer": table.column(mapping["huisnummer"]).to_pandas().astype("Int64"),
            "buurt_code": buurt,
            "gemeente_code": gemeente,
        }
    )
    log.info("address lookup: %d rows, year %s", len(frame), year)
    return frame, year


def _format_codes(column: pa.ChunkedArray, prefix: str, width: int) -> pd.Categorical:
    """CBS writes 140103 for BU00140103; format each distinct code once, not per row."""
    encoded = column.dictionary_encode().combine_chunks()
    labels = pd.Series(encoded.dictionary.to_pylist(), dtype="string").str.strip().str.upper()
    labels = prefix + labels.str.removeprefix(prefix).str.zfill(width)
    categories = pd.Index(labels.dropna()).unique()
    remap = categories.get_indexer(labels)
    indices = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    codes = np.where(indices >= 0, remap[np.clip(indices, 0, None)], -1)
    return pd.Categorical.from_codes(codes, categories=categories)
