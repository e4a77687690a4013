"""Refresh the analytics tables after the marts are built: expected counts and rise flags,
and the areas with fewer signals than their structure predicts."""

from __future__ import annotations

import logging

import duckdb
import pandas as pd

from etl.load import append_frame
from etl.sqlfiles import read_sql
from etl.transform.detect_rises import RiseSettings, detect_rises
from etl.transform.expect_from_structure import expect_from_structure

log = logging.getLogger(__name__)


def refresh_analytics(con: duckdb.DuckDBPyConnection, *, alpha: float,
                      min_households: int, threshold: int) -> dict[str, int]:
    """Recompute ``analytics.signal_expectation`` and ``analytics.structure_expectation``.

    Parameters
    ----------
    con
        Warehouse connection in the run's transaction (marts built).
    alpha
        False discovery rate for both lists.
    min_households
        Minimum households for the structure fit.
    threshold
        Disclosure threshold: a rise needs a publishable count.

    Returns
    -------
    dict
        Rows written per table.
    """
    con.execute(read_sql("analytics/create_tables.sql"))
    counts = con.execute(read_sql("analytics/monthly_counts.sql")).fetchdf()
    written = {"signal_expectation": 0, "structure_expectation": 0}
    if counts.empty:
        return written
    counts["month"] = pd.to_datetime(counts["month"])
    gemeente = counts[counts["area_level"] == "gemeente"].groupby("month")["signals"].sum()
    problems = {pd.Timestamp(m) for (m,) in
                con.execute(read_sql("analytics/delivery_problem_months.sql")).fetchall()}
    rises = detect_rises(counts, gemeente, problems,
                         RiseSettings(alpha=alpha, min_observed=threshold))
    written["signal_expectation"] = append_frame(con, "analytics.signal_expectation", rises)
    structure = con.execute(read_sql("analytics/structure_inputs.sql")).fetchdf()
    frames = [expect_from_structure(part, alpha=alpha, min_households=min_households)
              for _, part in structure.groupby(["area_level", "month"])]
    if frames:
        result = pd.concat(frames, ignore_index=True)
        written["structure_expectation"] = append_frame(
            con, "analytics.structure_expectation", result)
    log.info("analytics: %s rows; %d rises flagged", written,
             int(rises["is_rise"].sum()) if len(rises) else 0)
    return written
