"""Load CBS boundaries of one year: buurten, wijken and the gemeente outline, web-ready."""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import shapely

from etl.errors import EtlError
from etl.extract.cbs_boundaries import read_boundaries
from etl.load import append_frame
from etl.sqlfiles import read_sql
from etl.transform.boundaries import (
    dissolve_areas,
    drop_water_areas,
    repair_polygons,
    select_gemeenten,
    simplify_coverage,
)

log = logging.getLogger(__name__)

#: Web size budgets per area: 150 buurten in 150 KB; 3,400 wijken in 2 MB.
BYTES_PER_BUURT = 1_000
BYTES_PER_WIJK = 580


def _boundary_rows(frame: gpd.GeoDataFrame, level: str, year: int, source: str,
                   run_id: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": year,
            "level": level,
            "area_code": frame["area_code"].astype(str),
            "area_name": frame["area_name"].astype(str),
            "parent_code": None,
            "gemeente_code": frame["gemeente_code"].astype(str),
            "has_boundary_change": frame["has_boundary_change"].astype("boolean"),
            "is_water": frame["is_water"].astype(bool),
            "geometry_geojson": frame["geometry_geojson"],
            "source": source,
            "run_id": run_id,
        }
    )


def prepare_level(
    path: str | Path, level: str, gemeenten: list[str] | None, *, drop_water: bool,
    bytes_per_area: int,
) -> gpd.GeoDataFrame:
    """Read, select, repair and simplify one level of boundaries."""
    frame = read_boundaries(path, level)
    frame = select_gemeenten(frame, gemeenten)
    if frame.empty:
        raise EtlError(f"geen {level}en van {', '.join(gemeenten or [])} in het bestand", path)
    frame = repair_polygons(frame)
    if drop_water:
        frame = drop_water_areas(frame)
    return simplify_coverage(frame, budget_bytes=bytes_per_area * len(frame))


def load_geodata(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    *,
    buurten: gpd.GeoDataFrame | None,
    wijken: gpd.GeoDataFrame | None,
    year: int,
    source: str,
) -> dict[str, int]:
    """Store one year's prepared buurten and/or wijken; gemeenten dissolved from buurten.

    Parameters
    ----------
    con
        Warehouse connection in the run's transaction.
    run_id
        The run.
    buurten, wijken
        Output of :func:`prepare_level`.
    year
        Boundary year every row carries.
    source
        Provenance text (file names or PDOK service).

    Returns
    -------
    dict
        Areas loaded per level.
    """
    counts: dict[str, int] = {}
    if wijken is not None:
        counts["wijk"] = append_frame(con, "raw.boundary",
                                      _boundary_rows(wijken, "wijk", year, source, run_id))
    if buurten is None:
        return counts
    counts["buurt"] = append_frame(con, "raw.boundary",
                                   _boundary_rows(buurten, "buurt", year, source, run_id))
    gemeenten = dissolve_areas(buurten, "gemeente_code")
    gemeenten["area_code"] = gemeenten["gemeente_code"]
    names = buurten.drop_duplicates("gemeente_code").set_index("gemeente_code")["gemeente_name"]
    gemeenten["area_name"] = gemeenten["gemeente_code"].map(names).fillna(
        gemeenten["gemeente_code"])
    gemeenten["is_water"] = False
    gemeenten["has_boundary_change"] = pd.array([pd.NA] * len(gemeenten), dtype="boolean")
    counts["gemeente"] = append_frame(
        con, "raw.boundary", _boundary_rows(gemeenten, "gemeente", year,
                                            f"samengevoegd uit buurten ({source})", run_id))
    refresh_custom_area_geometry(con, run_id)
    log.info("boundaries %s loaded: %s", year, counts)
    return counts


def refresh_custom_area_geometry(con: duckdb.DuckDBPyConnection, run_id: int) -> int:
    """Recompute the outline of every custom area from its buurten, for each boundary year.

    Called after boundaries or areas change, so a custom area always follows the buurten
    it is made of.
    """
    members = con.execute(read_sql("jobs/custom_area_buurten.sql")).fetchdf()
    con.execute(read_sql("jobs/delete_custom_area_geometry.sql"))
    if members.empty:
        return 0
    shapes = gpd.GeoDataFrame(
        members, geometry=shapely.from_geojson(members["geometry_geojson"].to_numpy()), crs=4326
    )
    rows = []
    for (year, division), part in shapes.groupby(["year", "division"]):
        dissolved = dissolve_areas(part, "area_code")
        names = part.drop_duplicates("area_code").set_index("area_code")["area_name"]
        rows.append(pd.DataFrame({
            "year": int(year), "level": division, "area_code": dissolved["area_code"],
            "area_name": dissolved["area_code"].map(names), "parent_code": None,
            "gemeente_code": part["gemeente_code"].iloc[0], "has_boundary_change": None,
            "is_water": False, "geometry_geojson": dissolved["geometry_geojson"],
            "source": "samengevoegd uit buurten", "run_id": run_id,
        }))
    return append_frame(con, "raw.boundary", pd.concat(rows, ignore_index=True))
