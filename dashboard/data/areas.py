"""Areas: names, levels, geometry for the map, and finding an area by name or postcode."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard import i18n
from dashboard.data.published import FileIdentity, published

GEMEENTE_LEVEL = "gemeente"
FOCUS_AREA = "nplv-noord"


@lru_cache(maxsize=4)
def _areas(version: FileIdentity) -> pd.DataFrame:
    return published().query("shared__areas")


def area_index() -> pd.DataFrame:
    """All areas (code, name, level, parent, year), newest name per code.

    Returns
    -------
    pandas.DataFrame
        One row per area.
    """
    return _areas(published().version())


def search_labels() -> dict[str, str]:
    """Label shown in the area search ('Selwerd (buurt)') -> area code."""
    return {f"{row.area_name} ({i18n.LEVEL_SINGULAR.get(row.area_level, row.area_level)})":
            row.area_code for row in area_index().itertuples(index=False)}


def find_area(text: str) -> str | None:
    """The area a user typed: its search label, its name (when unique) or its code."""
    text = (text or "").strip()
    labels = search_labels()
    if text in labels:
        return labels[text]
    index = area_index()
    by_name = index[index["area_name"].str.lower() == text.lower()]
    if len(by_name) >= 1:
        order = {"buurt": 0, "wijk": 1, "gemeente": 2}
        best = by_name.assign(o=by_name["area_level"].map(order).fillna(3)).sort_values("o")
        return str(best["area_code"].iloc[0])
    by_code = index[index["area_code"].str.lower() == text.lower()]
    return str(by_code["area_code"].iloc[0]) if len(by_code) else None


def area_name(code: str) -> str | None:
    """Name of an area, or None when the code is unknown."""
    match = area_index().loc[lambda f: f["area_code"] == code, "area_name"]
    return None if match.empty else str(match.iloc[0])


@dataclass(frozen=True)
class AreaGeometry:
    """A level's shapes as a GeoJSON FeatureCollection plus the boundary year used."""

    feature_collection: dict
    year: int | None
    codes: tuple[str, ...]
    names: tuple[str, ...]


@lru_cache(maxsize=16)
def _geometry(version: FileIdentity, level: str, year: int) -> AreaGeometry:
    frame = published().query("shared__geometry", level=level, year=year)
    features = [
        {"type": "Feature", "id": row.area_code,
         "properties": {"code": row.area_code, "naam": row.area_name},
         "geometry": json.loads(row.geometry_geojson)}
        for row in frame.itertuples(index=False)
    ]
    return AreaGeometry(
        feature_collection={"type": "FeatureCollection", "features": features},
        year=int(frame["year"].iloc[0]) if len(frame) else None,
        codes=tuple(frame["area_code"]),
        names=tuple(frame["area_name"]),
    )


def area_geometry(level: str, year: int) -> AreaGeometry:
    """Shapes of every area of ``level`` for the newest boundary year not after ``year``.

    Parameters
    ----------
    level
        ``buurt``, ``wijk``, ``gemeente`` or a custom division such as ``nplv``.
    year
        The year of the data shown.

    Returns
    -------
    AreaGeometry
        Features keyed by area code.
    """
    return _geometry(published().version(), level, year)


def focus_outline(year: int) -> dict | None:
    """The NPLV Groningen-Noord outline as one GeoJSON geometry, when published."""
    geometry = area_geometry("nplv", year)
    for feature in geometry.feature_collection["features"]:
        if feature["id"] == FOCUS_AREA:
            return feature["geometry"]
    return None


_PC6 = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})?$")


def find_postcode(text: str) -> tuple[str, str] | None:
    """The buurt (code, name) of a PC6 or PC4 the user typed; None when not found.

    Parameters
    ----------
    text
        '9712 AB', '9712ab' or '9712'.

    Returns
    -------
    tuple or None
        Buurt code and name.
    """
    match = _PC6.match(text.strip())
    if not match:
        return None
    postcode = (match.group(1) + (match.group(2) or "")).upper()
    frame = published().query("kaart__postcode", postcode=postcode)
    if frame.empty:
        return None
    code = str(frame["buurt_code"].iloc[0])
    return code, area_name(code) or code
