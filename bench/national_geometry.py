"""Synthetic national boundaries, so map benchmarks draw 3,393 wijken without downloading
CBS files: buurt and wijk polygons that nest exactly as :func:`bench.national_data.area_codes`
says and tile the Netherlands' extent in RD New (EPSG:28992).

Seeds are placed top-down (gemeente centres, wijk seeds inside their gemeente, buurt seeds
inside their wijk), every point of the plane belongs to the nearest gemeente centre, then
to the nearest wijk seed of that gemeente, then to the nearest buurt seed of that wijk. The
polygons are the Voronoi cells of a dozen jittered points per buurt dissolved by that
nesting, so borders are ragged like real ones (tens of vertices per area, more than the
ETL's web budget keeps) and neighbours share every edge, as in a CBS coverage. The result
is written as a GeoPackage with the layers and column names of CBS ``wijkenbuurten_<jaar>``
and loaded by ``python -m etl geodata`` like the real file.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

RD_NEW = 28992
#: RD New extent of the Netherlands (x min, y min, x max, y max), in metres.
NL_EXTENT = (13_000.0, 306_000.0, 278_000.0, 620_000.0)
CELLS_PER_BUURT = 12
#: Larger than any distance in the extent: sets apart points of different parents.
_GROUP_SEPARATION = 1e7
_PLACEMENT_ROUNDS = 30


def nearest_within_parent(points: np.ndarray, point_parent: np.ndarray, seeds: np.ndarray,
                          seed_parent: np.ndarray) -> np.ndarray:
    """Index of the nearest seed with the same parent, for every point, in one query:
    the parent becomes a third coordinate far larger than any distance in the plane."""
    tree = cKDTree(np.column_stack([seeds, seed_parent * _GROUP_SEPARATION]))
    _, index = tree.query(np.column_stack([points, point_parent * _GROUP_SEPARATION]))
    return index


def assign_nested(points: np.ndarray, levels: list[tuple[np.ndarray, np.ndarray]]
                  ) -> list[np.ndarray]:
    """The seed each point belongs to on every level, top-down (gemeente, wijk, buurt)."""
    parent = np.zeros(len(points), dtype=np.int64)
    found = []
    for seeds, seed_parent in levels:
        parent = nearest_within_parent(points, parent, seeds, seed_parent)
        found.append(parent)
    return found


def _spacing(seeds: np.ndarray) -> np.ndarray:
    """Distance from every seed to its nearest neighbour on the same level."""
    if len(seeds) < 2:
        return np.full(len(seeds), min(NL_EXTENT[2] - NL_EXTENT[0],
                                       NL_EXTENT[3] - NL_EXTENT[1]) / 4)
    distance, _ = cKDTree(seeds).query(seeds, k=2)
    return distance[:, 1]


def _in_extent(points: np.ndarray) -> np.ndarray:
    x0, y0, x1, y1 = NL_EXTENT
    return ((points[:, 0] > x0) & (points[:, 0] < x1) & (points[:, 1] > y0)
            & (points[:, 1] < y1))


def place_children(parent_of_child: np.ndarray, levels: list[tuple[np.ndarray, np.ndarray]],
                   rng: np.random.Generator, spread: float = 0.4) -> np.ndarray:
    """One seed per child near its parent's seed, inside the parent's region.

    Parameters
    ----------
    parent_of_child
        Index of each child's parent in the last of ``levels``.
    levels
        Seeds and their parents' indices for every level above the children.
    rng
        Random generator.
    spread
        Scatter around the parent as a share of the parent's nearest-neighbour distance.

    Returns
    -------
    numpy.ndarray
        (children, 2) coordinates. A candidate that falls in another parent's region is
        drawn again closer to its parent, so every child seed lies in its own parent's region.
    """
    lineage = [parent_of_child]
    for _, seed_parent in reversed(levels[1:]):
        lineage.insert(0, seed_parent[lineage[0]])
    parent_seeds = levels[-1][0][parent_of_child]
    sigma = spread * _spacing(levels[-1][0])[parent_of_child]
    placed = np.empty_like(parent_seeds)
    todo = np.arange(len(parent_of_child))
    for _ in range(_PLACEMENT_ROUNDS):
        candidates = parent_seeds[todo] + rng.normal(size=(len(todo), 2)) * sigma[todo, None]
        assigned = assign_nested(candidates, levels)
        inside = np.logical_and.reduce([_in_extent(candidates)] + [
            found == expected[todo] for found, expected in zip(assigned, lineage, strict=True)])
        placed[todo[inside]] = candidates[inside]
        todo = todo[~inside]
        if not len(todo):
            return placed
        sigma[todo] /= 2
    # The parent's own seed always lies in its region; nudge by millimetres off it.
    placed[todo] = parent_seeds[todo] + rng.normal(size=(len(todo), 2)) * 1e-3
    return placed


def nested_seeds(codes: pd.DataFrame, rng: np.random.Generator
                 ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Seeds and parent indices of gemeenten, wijken and buurten for ``codes``' nesting."""
    gemeenten = np.sort(codes["gemeente"].unique())
    wijken = np.sort(codes["wijk"].unique())
    x0, y0, x1, y1 = NL_EXTENT
    gemeente_seeds = np.column_stack([rng.uniform(x0, x1, len(gemeenten)),
                                      rng.uniform(y0, y1, len(gemeenten))])
    levels = [(gemeente_seeds, np.zeros(len(gemeenten), dtype=np.int64))]
    wijk_gemeente = np.searchsorted(gemeenten, wijken // 100)
    levels.append((place_children(wijk_gemeente, levels, rng), wijk_gemeente))
    buurt_wijk = np.searchsorted(wijken, codes["wijk"].to_numpy())
    levels.append((place_children(buurt_wijk, levels, rng), buurt_wijk))
    return levels


def national_boundaries(codes: pd.DataFrame, seed: int = 1,
                        cells_per_buurt: int = CELLS_PER_BUURT
                        ) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Buurt and wijk polygons in RD New for ``codes`` (one row per buurt, numeric codes).

    Parameters
    ----------
    codes
        ``buurt``, ``wijk``, ``gemeente`` as :func:`bench.national_data.area_codes` gives
        them (or a subset of its gemeenten).
    seed
        Seed of the random placement; the same seed gives the same map.
    cells_per_buurt
        Voronoi cells dissolved into each buurt: more gives more ragged borders.

    Returns
    -------
    tuple of geopandas.GeoDataFrame
        Buurten and wijken with numeric ``buurt``/``wijk``/``gemeente`` and a geometry.
    """
    codes = codes.sort_values("buurt").reset_index(drop=True)
    rng = np.random.default_rng(seed)
    levels = nested_seeds(codes, rng)
    buurt_seeds = levels[-1][0]
    scatter = 0.6 * _spacing(buurt_seeds)
    jittered = np.repeat(buurt_seeds, cells_per_buurt, axis=0) + rng.normal(
        size=(len(buurt_seeds) * cells_per_buurt, 2)) * np.repeat(scatter, cells_per_buurt)[
        :, None]
    points = np.unique(np.concatenate([buurt_seeds, jittered[_in_extent(jittered)]]), axis=0)
    buurt_of_point = assign_nested(points, levels)[-1]
    extent = shapely.box(*NL_EXTENT)
    cells = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=extent,
                                     ordered=True)
    cells = shapely.intersection(shapely.get_parts(cells), extent)
    frame = gpd.GeoDataFrame({"buurt": codes["buurt"].to_numpy()[buurt_of_point]},
                             geometry=cells, crs=RD_NEW)
    buurten = frame.dissolve(by="buurt", method="coverage").reset_index()
    buurten = buurten.merge(codes, on="buurt", validate="one_to_one")
    wijken = buurten[["wijk", "gemeente", "geometry"]].dissolve(
        by="wijk", method="coverage", aggfunc="first").reset_index()
    return buurten, wijken


def _cbs_columns(frame: gpd.GeoDataFrame, level: str, year: int) -> gpd.GeoDataFrame:
    """Name and code columns as CBS writes them in ``wijkenbuurten_<jaar>``."""
    gemeentecode = "GM" + frame["gemeente"].astype(str).str.zfill(4)
    gemeentenaam = "Plaats " + frame["gemeente"].astype(str)
    wijkcode = "WK" + frame["wijk"].astype(str).str.zfill(6)
    wijknaam = "Wijk " + wijkcode.str[-2:] + " " + gemeentenaam
    columns = {"gemeentecode": gemeentecode, "gemeentenaam": gemeentenaam,
               "wijkcode": wijkcode, "wijknaam": wijknaam}
    if level == "buurt":
        buurtcode = "BU" + frame["buurt"].astype(str).str.zfill(8)
        columns = {"buurtcode": buurtcode,
                   "buurtnaam": gemeentenaam + " buurt " + buurtcode.str[-4:], **columns}
    return gpd.GeoDataFrame({**columns, "water": "NEE", "jaar": year},
                            geometry=frame.geometry, crs=frame.crs)


def write_boundaries(path: Path, codes: pd.DataFrame, year: int = 2024, seed: int = 1
                     ) -> tuple[int, int]:
    """Write layers ``buurten`` and ``wijken`` of a CBS-style GeoPackage; return how many
    of each."""
    buurten, wijken = national_boundaries(codes, seed)
    path.unlink(missing_ok=True)
    _cbs_columns(buurten, "buurt", year).to_file(path, layer="buurten", driver="GPKG")
    _cbs_columns(wijken, "wijk", year).to_file(path, layer="wijken", driver="GPKG")
    return len(buurten), len(wijken)
