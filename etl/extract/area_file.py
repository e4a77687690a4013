"""Read custom area definitions: named sets of buurt codes, as CSV or YAML.

CSV: one row per buurt with ``division,area_code,area_name,buurt_code[,source]``.
YAML: ``division``, ``source`` and a list of ``areas`` with ``code``, ``name`` and ``buurten``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import yaml

from etl.errors import EtlError

AREA_COLUMNS = ("division", "area_code", "area_name", "buurt_code", "source")


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype="string", sep=None, engine="python",
                            encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError,
            csv.Error) as exc:
        raise EtlError(f"geen leesbaar CSV-gebiedenbestand ({type(exc).__name__})", path) from exc
    frame.columns = [c.strip().lower() for c in frame.columns]
    missing = [c for c in AREA_COLUMNS[:4] if c not in frame.columns]
    if missing:
        raise EtlError(f"kolom(men) {', '.join(missing)} ontbreken "
                       f"(verwacht {','.join(AREA_COLUMNS)})", path)
    if "source" not in frame.columns:
        frame["source"] = path.name
    return frame


def _read_yaml(path: Path) -> pd.DataFrame:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise EtlError(f"geen geldige YAML ({type(exc).__name__})", path) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("areas"), list):
        raise EtlError("verwacht 'division', 'source' en een lijst 'areas'", path)
    division = doc.get("division")
    if not division:
        raise EtlError("'division' ontbreekt", path)
    rows = []
    for i, area in enumerate(doc["areas"]):
        if not isinstance(area, dict) or not area.get("code") or not area.get("name"):
            raise EtlError(f"areas[{i}] mist 'code' of 'name'", path)
        buurten = area.get("buurten") or []
        if not isinstance(buurten, list):
            raise EtlError(f"areas[{i}].buurten is geen lijst", path)
        rows += [(division, area["code"], area["name"], str(b), doc.get("source", path.name))
                 for b in buurten]
    return pd.DataFrame(rows, columns=list(AREA_COLUMNS), dtype="string")


def read_area_file(path: str | Path) -> pd.DataFrame:
    """Read one area definition file.

    Parameters
    ----------
    path
        ``.csv`` or ``.yaml``/``.yml``.

    Returns
    -------
    pandas.DataFrame
        Columns ``division``, ``area_code``, ``area_name``, ``buurt_code``, ``source``,
        whitespace stripped, codes uppercased where they are CBS codes.
    """
    path = Path(path)
    if not path.exists():
        raise EtlError("bestand bestaat niet", path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame = _read_csv(path)
    elif suffix in (".yaml", ".yml"):
        frame = _read_yaml(path)
    else:
        raise EtlError("onbekend formaat (verwacht .csv of .yaml)", path)
    frame = frame[list(AREA_COLUMNS)].copy()
    for column in AREA_COLUMNS:
        frame[column] = frame[column].astype("string").str.strip()
    frame["buurt_code"] = frame["buurt_code"].str.upper()
    incomplete = frame[list(AREA_COLUMNS[:4])].fillna("").eq("").any(axis=1)
    if incomplete.any():
        raise EtlError(f"{int(incomplete.sum())} rij(en) zonder division, area_code, area_name "
                       "of buurt_code", path)
    if frame.empty:
        raise EtlError("bestand bevat geen gebieden", path)
    return frame
