"""Read CBS "Kerncijfers wijken en buurten" figures from StatLine CSV exports.

Two CSV shapes exist: the opendata download with column keys as headers
(``"Codering_3";"AantalInwoners_5";...``) and the StatLine table export with titles
(``"Bevolking/Aantal inwoners (aantal)"``). Key suffixes shift between table versions, so
columns are matched on the key without its number, or on words of the title.
Secret and missing values (``.``, ``x``, ``-99997``, ``-99995``) become NULL with a reason.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from pathlib import Path

import pandas as pd

from etl.errors import EtlError

log = logging.getLogger(__name__)

#: measure -> fragments of the normalised column name (lowercase letters and digits only, key
#: suffix removed). They match keys (``HuishoudensMetEenLaagInkomen_87``), titles
#: (``Inkomen/Huishoudens/Huishoudens met een laag inkomen (%)``) and extracts
#: (``PctHuishoudensMetEenLaagInkomen``) alike.
MEASURES: dict[str, tuple[str, ...]] = {
    "inhabitants": ("aantalinwoners",),
    "households": ("huishoudenstotaal", "particulierehuishoudens", "aantalhuishoudens"),
    "low_income_pct": ("huishoudensmeteenlaaginkomen", "huishoudensmetlaaginkomen"),
    "social_minimum_pct": ("onderofrondsociaalminimum",),
    "problematic_debt_pct": ("problematischeschulden",),
}
_CODE_KEYS = ("codering", "regioaanduiding/codering (code)", "regiocode", "gebiedscode",
              "code", "wijkenenbuurten", "wijken en buurten", "buurtcode", "wijkcode")
_CODE_PATTERN = re.compile(r"\b(GM[0-9]{4}|WK[0-9A-Z]{6}|BU[0-9A-Z]{8})\b")
SECRET_VALUES = {
    ".": "geheim of onbekend (CBS)",
    "x": "geheim (CBS)",
    "-99997": "geheim (CBS)",
    "-99995": "niet beschikbaar (CBS)",
    "-99999": "niet beschikbaar (CBS)",
    "?": "onbekend (CBS)",
    "": "leeg",
}


def _key_stem(header: str) -> str:
    return re.sub(r"_\d+$", "", header.strip())


def _normalised(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _key_stem(header).lower())


def match_measure_columns(headers: list[str]) -> dict[str, str]:
    """Find the column for each measure by fragments of its normalised name.

    Parameters
    ----------
    headers
        Column names as in the file (keys like ``AantalInwoners_5``, StatLine titles, or
        names like ``PctHuishoudensMetEenLaagInkomen``).

    Returns
    -------
    dict
        measure -> header, for the measures found (the first matching column wins).
    """
    found: dict[str, str] = {}
    for measure, fragments in MEASURES.items():
        for header in headers:
            name = _normalised(header)
            if any(fragment in name for fragment in fragments):
                found[measure] = header
                break
    return found


def parse_statline_values(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers with decimal comma or dot; secret markers become NULL with a reason."""
    text = raw.astype("string").str.strip().fillna("")
    reason = text.map(SECRET_VALUES).astype("string")
    numeric = text.str.replace(" ", "", regex=False)
    numeric = numeric.where(~numeric.str.contains(",", regex=False),
                            numeric.str.replace(".", "", regex=False).str.replace(",", ".",
                                                                                   regex=False))
    values = pd.to_numeric(numeric.where(reason.isna()), errors="coerce")
    reason = reason.where(reason.notna() | values.notna(), "geen getal")
    return pd.Series(values, index=raw.index, dtype="Float64"), reason


def frame_to_indicators(rows: pd.DataFrame, origin: str | Path) -> pd.DataFrame:
    """Turn a CBS table (keys or titles as columns) into long indicator rows.

    Parameters
    ----------
    rows
        One row per region, text cells.
    origin
        File or table id, for error messages.

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``measure``, ``value`` (Float64), ``null_reason``.
    """
    lowered = {c.strip().lower(): c for c in rows.columns}
    code_col = next((lowered[k] for k in _CODE_KEYS if k in lowered), None)
    if code_col is None:
        code_col = next((c for c in rows.columns if _key_stem(c).lower() == "codering"), None)
    if code_col is None:
        raise EtlError("geen kolom met regiocodes (Codering, WijkenEnBuurten, regiocode)",
                       origin)
    measures = match_measure_columns(list(rows.columns))
    if not measures:
        raise EtlError("geen bekende kengetallen gevonden (inwoners, huishoudens, laag "
                       "inkomen, sociaal minimum, problematische schulden)", origin)
    codes = rows[code_col].astype("string").str.upper().str.extract(_CODE_PATTERN)[0]
    frames = []
    for measure, column in measures.items():
        values, reason = parse_statline_values(rows[column])
        frames.append(pd.DataFrame({"area_code": codes, "measure": measure, "value": values,
                                    "null_reason": reason}))
    out = pd.concat(frames, ignore_index=True)
    unplaced = out["area_code"].isna()
    if unplaced.all():
        raise EtlError("geen regiocodes (GM/WK/BU) in de codekolom", origin)
    return out[~unplaced].reset_index(drop=True)


def read_statline_csv(path: str | Path) -> pd.DataFrame:
    """Read a StatLine/opendata CSV export of a KWB table (or a municipal CSV alike).

    Parameters
    ----------
    path
        ``;``- or ``,``-separated, UTF-8 (with BOM) or Windows-1252.

    Returns
    -------
    pandas.DataFrame
        Long indicator rows, see :func:`frame_to_indicators`.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EtlError(f"kan het bestand niet lezen ({exc.strerror})", path) from exc
    if not data.strip():
        raise EtlError("bestand is leeg", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader)]
    records = [r for r in reader if any(cell.strip() for cell in r)]
    if not records:
        raise EtlError("bestand bevat alleen een kopregel", path)
    width = len(header)
    bad = [i + 2 for i, r in enumerate(records) if len(r) != width]
    if bad:
        raise EtlError(f"regel(s) {', '.join(map(str, bad[:5]))} hebben niet {width} velden", path)
    rows = pd.DataFrame(records, columns=header, dtype="string")
    return frame_to_indicators(rows, path)
