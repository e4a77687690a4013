"""Prepare CBS boundaries for the web: valid, one gemeente, light, and still a coverage.

Neighbouring buurten share edges; simplifying each polygon on its own opens slivers and
overlaps between them. Coverage simplification (shapely's ``coverage_simplify``) moves a
shared edge once for both neighbours, so the map stays gap-free at any size budget.
"""

from __future__ import annotations

import logging

import geopandas as gpd
import numpy as np
import shapely

log = logging.getLogger(__name__)

RD_NEW = 28992
WGS84 = 4326
GRID_WGS84 = 1e-5  # about 1 m


def select_gemeenten(frame: gpd.GeoDataFrame, gemeenten: list[str] | None) -> gpd.GeoDataFrame:
    """Keep the areas of the given gemeenten (``GM0014``); all when None."""
    if not gemeenten:
        return frame
    wanted = {g.upper() for g in gemeenten}
    return frame[frame["gemeente_code"].isin(wanted)].reset_index(drop=True)


def repair_polygons(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Make geometries valid and polygonal; report how many needed it.

    Parameters
    ----------
    frame
        Boundaries, possibly with self-intersections or stray lines after reprojection.

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows with valid (Multi)Polygons; rows left without area are dropped.
    """
    geoms = frame.geometry.to_numpy()
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        log.info("repairing %d invalid polygons", int(invalid.sum()))
        fixed = shapely.make_valid(geoms[invalid])
        polygons = [
            shapely.union_all(
                [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
            )
            for geom in fixed
        ]
        geoms = geoms.copy()
        geoms[invalid] = np.array(polygons, dtype=object)
    out = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs))
    keep = ~out.geometry.is_empty & out.geometry.notna()
    return out[keep].reset_index(drop=True)


def drop_water_areas(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Leave out areas CBS marks as water only (lakes, the Wadden), when asked to."""
    return frame[~frame["is_water"]].reset_index(drop=True)


def _round_coverage(geoms: np.ndarray, precision: int) -> np.ndarray:
    """Round every vertex alike, so neighbours' shared edges stay identical; snap-rounding
    (the default) nodes each polygon on its own and can open cm-wide slivers between them.
    Only a polygon that pointwise rounding makes invalid is snap-rounded instead."""
    rounded = shapely.set_precision(geoms, 10 ** -precision, mode="pointwise")
    invalid = ~shapely.is_valid(rounded)
    rounded[invalid] = shapely.set_precision(geoms[invalid], 10 ** -precision)
    return rounded


def _geojson_size(geoms: np.ndarray, precision: int) -> int:
    return sum(len(shapely.to_geojson(g)) for g in _round_coverage(geoms, precision))


def simplify_coverage(
    frame: gpd.GeoDataFrame, budget_bytes: int, precision: int = 5
) -> gpd.GeoDataFrame:
    """Simplify a coverage of polygons until its GeoJSON fits ``budget_bytes``.

    Tolerance doubles from 1 m (in RD New) until the WGS84 GeoJSON of all features fits; shared
    edges stay shared, so no gaps or overlaps appear between neighbours.

    Parameters
    ----------
    frame
        Boundaries in any CRS, forming a coverage (no overlaps).
    budget_bytes
        Size budget for the GeoJSON geometries together.
    precision
        Decimals kept for WGS84 coordinates (5 decimals is about 1 m).

    Returns
    -------
    geopandas.GeoDataFrame
        The frame in WGS84 with simplified geometries and a ``geometry_geojson`` column.
    """
    metric = frame.to_crs(RD_NEW)
    geoms = metric.geometry.to_numpy()
    tolerance = 0.0
    simplified = geoms
    while True:
        candidate = gpd.GeoSeries(simplified, crs=RD_NEW).to_crs(WGS84).to_numpy()
        size = _geojson_size(candidate, precision)
        if size <= budget_bytes or tolerance > 5_000:
            break
        tolerance = 1.0 if tolerance == 0 else tolerance * 2
        simplified = shapely.coverage_simplify(geoms, tolerance)
    log.info("simplified %d areas to %d bytes (tolerance %.0f m)", len(frame), size, tolerance)
    rounded = _round_coverage(candidate, precision)
    out = frame.copy()
    out = out.set_geometry(gpd.GeoSeries(rounded, index=frame.index, crs=WGS84))
    out["geometry_geojson"] = [shapely.to_geojson(g) for g in rounded]
    return out


def dissolve_areas(frame: gpd.GeoDataFrame, by: str) -> gpd.GeoDataFrame:
    """Union member polygons per value of ``by`` (a gemeente from its buurten, NPLV from
    its buurten), as GeoJSON for the map."""
    groups = {}
    for key, part in frame.groupby(by):
        merged = shapely.union_all(part.geometry.to_numpy(), grid_size=GRID_WGS84)
        groups[key] = _fill_slivers(merged)
    out = gpd.GeoDataFrame({by: list(groups)}, geometry=list(groups.values()), crs=frame.crs)
    out["geometry_geojson"] = [shapely.to_geojson(g) for g in out.geometry]
    return out


def _fill_slivers(geom: shapely.Geometry, max_hole_area: float = 1e-6) -> shapely.Geometry:
    """Close the hair-thin holes that rounding leaves where member polygons meet."""
    polygons = []
    for polygon in shapely.get_parts(geom):
        holes = [ring for ring in polygon.interiors
                 if shapely.Polygon(ring).area > max_hole_area]
        polygons.append(shapely.Polygon(polygon.exterior, holes))
    return shapely.union_all(polygons) if len(polygons) > 1 else polygons[0]
