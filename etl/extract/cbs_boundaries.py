"""Read CBS wijk/buurt boundaries in any of the forms CBS and PDOK publish them.

GeoPackage ``wijkenbuurten_<jaar>`` (layers buurten/wijken/gemeenten), the generalised
gebiedsindelingen (``statcode``/``statnaam``), the old shapefiles (``BU_CODE``/``BU_NAAM``/
``GM_CODE``), GeoJSON from the WFS/OGC API (``buurtcode``/``buurtnaam``): all become one
frame with ``area_code``, ``area_name``, ``gemeente_code``, ``is_water``,
``has_boundary_change`` and a geometry, in the file's own CRS.
"""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from etl.errors import EtlError

log = logging.getLogger(__name__)

_CODE_COLUMNS = {
    "buurt": ("statcode", "buurtcode", "bu_code", "code"),
    "wijk": ("statcode", "wijkcode", "wk_code", "code"),
    "gemeente": ("statcode", "gemeentecode", "gm_code", "code"),
}
_NAME_COLUMNS = {
    "buurt": ("statnaam", "buurtnaam", "bu_naam", "naam"),
    "wijk": ("statnaam", "wijknaam", "wk_naam", "naam"),
    "gemeente": ("statnaam", "gemeentenaam", "gm_naam", "naam"),
}
_GEMEENTE_COLUMNS = ("gemeentecode", "gm_code")
_WATER_COLUMNS = ("water", "h2o")
_CHANGE_PREFIXES = ("indelingswijziging", "ind_wbi")
_LAYER_NAMES = {
    "buurt": ("buurten", "buurt_gegeneraliseerd", "buurt"),
    "wijk": ("wijken", "wijk_gegeneraliseerd", "wijk"),
    "gemeente": ("gemeenten", "gemeente_gegeneraliseerd", "gemeente"),
}
_PREFIX = {"buurt": "BU", "wijk": "WK", "gemeente": "GM"}


def _pick(columns: dict[str, str], candidates: tuple[str, ...]) -> str | None:
    for candidate in candidates:
        if candidate in columns:
            return columns[candidate]
    return None


def _choose_layer(path: Path, level: str) -> str | None:
    try:
        layers = [name for name, _ in pyogrio.list_layers(path)]
    except Exception as exc:  # pyogrio raises several GDAL-derived types
        raise EtlError(f"geen leesbaar geo-bestand ({type(exc).__name__})", path) from exc
    if len(layers) <= 1:
        return None
    for wanted in _LAYER_NAMES[level]:
        for layer in layers:
            if layer.lower() == wanted or layer.lower().endswith(wanted):
                return layer
    raise EtlError(f"geen laag voor {level} gevonden (lagen: {', '.join(layers)})", path)


def read_boundaries(path: str | Path, level: str) -> gpd.GeoDataFrame:
    """Read one level of CBS boundaries from a GeoPackage, GeoJSON or shapefile.

    Parameters
    ----------
    path
        The file; for a multi-layer GeoPackage the layer is chosen by ``level``.
    level
        ``"buurt"``, ``"wijk"`` or ``"gemeente"``.

    Returns
    -------
    geopandas.GeoDataFrame
        ``area_code``, ``area_name``, ``gemeente_code``, ``gemeente_name``, ``is_water``,
        ``has_boundary_change``, ``year`` (when the file says) and ``geometry``.
    """
    path = Path(path)
    if not path.exists():
        raise EtlError("bestand bestaat niet", path)
    layer = _choose_layer(path, level)
    try:
        frame = gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:  # GDAL errors come in several types
        raise EtlError(f"geen leesbaar geo-bestand ({type(exc).__name__})", path) from exc
    if frame.empty:
        raise EtlError("bestand bevat geen gebieden", path)
    if frame.crs is None:
        raise EtlError("bestand heeft geen coördinatenstelsel (verwacht EPSG:28992 of WGS84)",
                       path)
    columns = {c.lower(): c for c in frame.columns if c != frame.geometry.name}
    code_col = _pick(columns, _CODE_COLUMNS[level])
    name_col = _pick(columns, _NAME_COLUMNS[level])
    if code_col is None or name_col is None:
        raise EtlError(
            f"kolommen voor code en naam van de {level} ontbreken "
            f"(gevonden: {', '.join(sorted(columns))})",
            path,
        )
    codes = frame[code_col].astype("string").str.strip().str.upper()
    prefix = _PREFIX[level]
    wrong = ~codes.str.startswith(prefix, na=False)
    if wrong.all():
        raise EtlError(f"codes beginnen niet met {prefix}: is dit wel een {level}bestand?", path)
    if wrong.any():
        log.info("%s: %d rows of another level skipped", path.name, int(wrong.sum()))
    gemeente_col = _pick(columns, _GEMEENTE_COLUMNS)
    if gemeente_col is not None and level != "gemeente":
        gemeente = frame[gemeente_col].astype("string").str.strip().str.upper()
        gemeente = gemeente.where(gemeente.str.startswith("GM"), "GM" + gemeente.str.zfill(4))
    else:
        gemeente = "GM" + codes.str.slice(2, 6)
    gemeente_name_col = _pick(columns, ("gemeentenaam", "gm_naam"))
    gemeente_name = (
        frame[gemeente_name_col].astype("string").str.strip() if gemeente_name_col
        else pd.Series(pd.NA, index=frame.index, dtype="string")
    )
    if level == "gemeente":
        gemeente_name = frame[name_col].astype("string").str.strip()
    water_col = _pick(columns, _WATER_COLUMNS)
    is_water = (
        frame[water_col].astype("string").str.strip().str.upper().isin(["JA", "J", "1", "TRUE"])
        if water_col else pd.Series(False, index=frame.index)
    )
    change_col = next((columns[c] for c in columns if c.startswith(_CHANGE_PREFIXES)), None)
    has_change = (
        pd.to_numeric(frame[change_col], errors="coerce").fillna(0).astype(int).isin([2, 3])
        if change_col else pd.Series(pd.NA, index=frame.index, dtype="boolean")
    )
    year_col = _pick(columns, ("jaar", "year"))
    out = gpd.GeoDataFrame(
        {
            "area_code": codes,
            "area_name": frame[name_col].astype("string").str.strip(),
            "gemeente_code": gemeente.astype("string"),
            "gemeente_name": gemeente_name,
            "is_water": is_water.astype(bool),
            "has_boundary_change": has_change.astype("boolean"),
            "year": pd.to_numeric(frame[year_col], errors="coerce").astype("Int64")
            if year_col else pd.array([pd.NA] * len(frame), dtype="Int64"),
        },
        geometry=frame.geometry,
        crs=frame.crs,
    )
    return out[~wrong].reset_index(drop=True)
