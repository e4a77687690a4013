"""Load custom area definitions after checking they add up (see transform.areas)."""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pandas as pd

from etl.errors import EtlError
from etl.extract.area_file import read_area_file
from etl.jobs.geodata import refresh_custom_area_geometry
from etl.load import append_frame
from etl.sqlfiles import read_sql
from etl.transform.areas import check_areas

log = logging.getLogger(__name__)


def known_buurt_codes(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Buurt codes of the loaded boundaries (any year)."""
    return {row[0] for row in con.execute(read_sql("jobs/known_buurt_codes.sql")).fetchall()}


def validate_area_files(paths: list[Path], known: set[str]) -> pd.DataFrame:
    """Read and check area files; one clear error naming the file when something is off.

    Parameters
    ----------
    paths
        Area files (CSV/YAML).
    known
        Known buurt codes (empty set: codes are not checked).

    Returns
    -------
    pandas.DataFrame
        All areas of all files.
    """
    frames = []
    for path in paths:
        areas = read_area_file(path)
        problems = check_areas(areas, known)
        if not problems.ok:
            raise EtlError(problems.describe(), path)
        frames.append(areas)
    combined = pd.concat(frames, ignore_index=True)
    across = check_areas(combined, set())
    if not across.ok:
        raise EtlError("gebiedsbestanden spreken elkaar tegen: " + across.describe())
    return combined


def load_areas(con: duckdb.DuckDBPyConnection, run_id: int, areas: pd.DataFrame) -> int:
    """Store area membership (a division loaded again replaces its earlier version).

    Returns
    -------
    int
        Membership rows stored.
    """
    rows = areas.assign(run_id=run_id)[
        ["division", "area_code", "area_name", "buurt_code", "source", "run_id"]
    ]
    stored = append_frame(con, "raw.area_member", rows)
    refresh_custom_area_geometry(con, run_id)
    log.info("areas loaded: %d divisions, %d areas, %d memberships",
             areas["division"].nunique(), areas["area_code"].nunique(), stored)
    return stored


def unknown_codes(con: duckdb.DuckDBPyConnection, source: str) -> list[str]:
    """Codes of loaded figures (``cbs``) or signals (``signalen``) without a boundary in
    their year, as 'CODE (jaar: reden)' lines; they stay loaded and are reported.

    Parameters
    ----------
    con
        Warehouse connection.
    source
        ``cbs`` or ``signalen``.

    Returns
    -------
    list of str
        One line per code and year.
    """
    rows = con.execute(read_sql("jobs/unknown_codes.sql"), {"source": source}).fetchall()
    return [f"{code} ({year}: {issue})" for code, year, issue in rows]
