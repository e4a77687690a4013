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

#: measure -> (key prefixes without the numeric suffix, title fragments)
MEASURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "inhabitants": (("AantalInwoners",), ("aantal inwoners",)),
    "households": (("HuishoudensTotaal", "ParticuliereHuishoudens"),
                   ("huishoudens totaal", "particuliere huishoudens")),
    "low_income_pct": (("HuishoudensMetEenLaagInkomen", "HuishoudensMetLaagInkomen"),
                       ("huishoudens met een laag inkomen", "huishoudens met laag inkomen")),
    "social_minimum_pct": (("HuishOnderOfRondSociaalMinimum",
                            "HuishoudensOnderOfRondSociaalMinimum"),
                           ("onder of rond sociaal minimum",)),
    "problematic_debt_pct": (("HuishoudensMetProblematischeSchulden",
                              "GeregistreerdeProblematischeSchulden",
                              "PercentageProblematischeSchulden"),
                             ("problematische schulden",)),
}
_CODE_KEYS = ("codering", "regiocode", "gebiedscode", "code", "wijkenenbuurten",
              "wijken en buurten", "buurtcode", "wijkcode", "regioaanduiding/codering (code)")
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


def match_measure_columns(headers: list[str]) -> dict[str, str]:
    """Find the column for each measure by key stem or by title words.

    Parameters
    ----------
    headers
        Column names as in the file (keys like ``AantalInwoners_5`` or StatLine titles).

    Returns
    -------
    dict
        measure -> header, for the measures found.
    """
    found: dict[str, str] = {}
    for measure, (stems, fragments) in MEASURES.items():
        for header in headers:
            stem = _key_stem(header)
            title = header.lower()
            excluded = measure == "social_minimum_pct" and re.search(r"1[12]0\s*%|\btot\b", title)
            if stem in stems or (any(f in title for f in fragments) and not excluded):
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
