"""Load CBS figures for one year: households, inhabitants, low income, social minimum and
problematic debts per buurt, wijk and gemeente."""

from __future__ import annotations

import logging

import duckdb
import pandas as pd

from etl.load import append_frame
from etl.transform.indicators import indicator_rows, select_gemeente_areas

log = logging.getLogger(__name__)


def load_indicators(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    indicators: pd.DataFrame,
    *,
    year: int,
    source: str,
    gemeenten: list[str] | None,
    is_demo: bool = False,
) -> dict[str, int]:
    """Store one source's figures for one year.

    Parameters
    ----------
    con
        Warehouse connection in the run's transaction.
    run_id
        The run.
    indicators
        Long rows from :mod:`etl.extract.cbs_kwb` or :mod:`etl.extract.cbs_odata`.
    year
        The statistics year.
    source
        Provenance text shown in the dashboard.
    gemeenten
        Keep only these gemeenten (and their wijken and buurten).
    is_demo
        True for synthetic figures.

    Returns
    -------
    dict
        Values stored and values NULL per measure (e.g. ``{"households": 171, ...}``).
    """
    selected = select_gemeente_areas(indicators, gemeenten)
    rows = indicator_rows(selected, year=year, source=source, run_id=run_id, is_demo=is_demo)
    append_frame(con, "raw.cbs_indicator", rows)
    counts = rows.groupby("measure")["value"].count().to_dict()
    log.info("cbs %s: %d areas, values per measure %s", year, rows["area_code"].nunique(),
             counts)
    return counts
