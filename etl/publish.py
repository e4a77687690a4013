"""Publish the marts as a separate, read-only DuckDB file for the dashboard.

Disclosure control happens here, once, for everything that leaves the warehouse. The new
file is written beside the old one and swapped in with an atomic rename, so a running
dashboard sees either the old file or the new one, never half of either.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl.sqlfiles import SQL_ROOT, read_sql
from etl.transform.published_relations import (
    FUNNEL_MEASURES,
    funnel_families,
    funnel_grid,
    leveled_partitions,
    signal_families,
    signal_grid,
)
from etl.transform.suppress_small_cells import (
    SuppressionResult,
    primary_suppression,
    suppress_small_cells,
)

log = logging.getLogger(__name__)

#: Tables copied (with suppression) from the marts, in this order.
PUBLISHED_TABLES: tuple[str, ...] = (
    "area",
    "area_member",
    "indicators_year",
    "signals_window_area",
    "funnel_window_area",
    "partner_delivery_month",
    "delivery_report",
    "quarantine_reason",
    "load_run",
    "postcode_area",
    "area_code_check",
    "rise_month_area",
    "structure_expectation",
)


@dataclass(frozen=True)
class DisclosureRules:
    """How small a published number may be."""

    threshold: int
    min_households: int


@dataclass
class DisclosureSummary:
    """How many cells disclosure control hid, for the log and the tests."""

    cells: int
    primary: int
    complementary: int


def apply_disclosure_control(
    con: duckdb.DuckDBPyConnection, threshold: int
) -> tuple[pa.Table, pa.Table, DisclosureSummary]:
    """Suppressed copies of the signal and funnel marts (hidden counts are NULL).

    The marts come in as Arrow tables and the counts go back as Arrow columns: no Python
    object per row or cell, which at national scale is seconds and a gigabyte.

    Parameters
    ----------
    con
        Warehouse connection with the marts built.
    threshold
        Counts below this are hidden, and so is every count that would reveal one.

    Returns
    -------
    tuple
        The signal table, the funnel table (both as the marts, suppressed counts as BIGINT
        with NULLs) and a summary.
    """
    membership = con.execute(read_sql("publish_inputs/membership.sql")).fetchdf()
    signals = con.sql(read_sql("publish_inputs/signals_window_area.sql")).to_arrow_table()
    funnel = con.sql(read_sql("publish_inputs/funnel_window_area.sql")).to_arrow_table()
    summary = DisclosureSummary(0, 0, 0)
    if signals.num_rows == 0:
        return signals, funnel, summary
    partitions = leveled_partitions(membership)
    grid = signal_grid(signals)
    signal_relations, household_relations = signal_families(grid, partitions)
    for column, relations in (("signals", signal_relations),
                              ("households", household_relations)):
        counts = _filled(signals.column(column))
        result = suppress_small_cells(grid.spread(counts), relations, threshold,
                                      order=grid.order)
        signals = _with_hidden(signals, column, counts, grid.collect(result.suppressed))
        _add(summary, signals.num_rows, result)
    del grid, signal_relations, household_relations
    if funnel.num_rows == 0:
        return signals, funnel, summary
    measures = [_filled(funnel.column(column)) for column in FUNNEL_MEASURES]
    values = np.concatenate(measures)
    # Without a single small count there is nothing to protect (and no relations to build).
    if primary_suppression(values, threshold).any():
        grid = funnel_grid(funnel)
        result = suppress_small_cells(grid.spread(values), funnel_families(grid, partitions),
                                      threshold, order=grid.order)
        hidden = grid.collect(result.suppressed)
        _add(summary, len(values), result)
    else:
        hidden = np.zeros(len(values), dtype=bool)
        summary.cells += len(values)
    # The cells are the measures one after the other, so each measure is a slice.
    rows = funnel.num_rows
    for position, (column, counts) in enumerate(zip(FUNNEL_MEASURES, measures, strict=True)):
        funnel = _with_hidden(funnel, column, counts,
                              hidden[position * rows:(position + 1) * rows])
    return signals, funnel, summary


def _filled(counts: pa.ChunkedArray) -> np.ndarray:
    """Counts as int64, a missing count as 0 (nothing to hide; it stays NULL when shown)."""
    return pc.fill_null(counts, 0).to_numpy().astype(np.int64)


def _with_hidden(table: pa.Table, column: str, counts: np.ndarray,
                 hidden: np.ndarray) -> pa.Table:
    """``table`` with ``column`` as BIGINT ``counts``, NULL where it was NULL or is hidden."""
    original = table.column(column)
    if original.null_count:
        hidden = hidden | original.is_null().to_numpy(zero_copy_only=False)
    shown = pa.array(counts, type=pa.int64(), mask=hidden)
    return table.set_column(table.schema.get_field_index(column), column, shown)


def _add(summary: DisclosureSummary, cells: int, result: SuppressionResult) -> None:
    summary.cells += cells
    summary.primary += int(result.primary.sum())
    summary.complementary += int(result.complementary.sum())


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _meta_rows(con: duckdb.DuckDBPyConnection, rules: DisclosureRules,
               gemeente: str) -> list[tuple[str, str]]:
    row = con.execute(read_sql("publish_meta/data_period.sql")).fetchone()
    first_month, last_month, is_demo, last_loaded = row if row else (None, None, False, None)
    return [
        ("published_at", datetime.now(UTC).isoformat(timespec="seconds")),
        ("gemeente_code", gemeente),
        ("disclosure_threshold", str(rules.threshold)),
        ("min_households", str(rules.min_households)),
        ("first_month", first_month.isoformat() if first_month else ""),
        ("last_month", last_month.isoformat() if last_month else ""),
        ("last_loaded_at", last_loaded.isoformat(timespec="seconds") if last_loaded else ""),
        ("is_demo", "true" if is_demo else "false"),
    ]


def publish(
    con: duckdb.DuckDBPyConnection,
    published_path: str | Path,
    rules: DisclosureRules,
    gemeente: str,
) -> Path:
    """Write the published file from the warehouse marts and swap it in atomically.

    Parameters
    ----------
    con
        Warehouse connection (marts built and committed).
    published_path
        Where the dashboard reads from.
    rules
        Disclosure threshold and minimum households for rates.
    gemeente
        The gemeente served, recorded in the file's metadata.

    Returns
    -------
    pathlib.Path
        The published file.
    """
    target = Path(published_path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    # Temp files of a run that was killed halfway; only one ETL run writes at a time (the
    # warehouse is locked), so anything left here is stale.
    for leftover in target.parent.glob(f".{target.name}.tmp-*"):
        leftover.unlink(missing_ok=True)
    params = {"threshold": rules.threshold, "min_households": rules.min_households}
    signals, funnel, summary = apply_disclosure_control(con, rules.threshold)
    log.info("disclosure control: %d of %d cells hidden (%d below %d, %d complementary)",
             summary.primary + summary.complementary, summary.cells, summary.primary,
             rules.threshold, summary.complementary)
    con.register("suppressed_signals", signals)
    con.register("suppressed_funnel", funnel)
    con.execute(f"attach {_quote(tmp)} as publish_target")
    try:
        for table in PUBLISHED_TABLES:
            body = read_sql(f"publish/{table}.sql").strip().rstrip(";")
            used = {k: v for k, v in params.items() if f"${k}" in body}
            con.execute(f"create table publish_target.main.{table} as\n{body}", used)
        con.execute("create table publish_target.main.meta (key varchar primary key, "
                    "value varchar)")
        con.executemany("insert into publish_target.main.meta values (?, ?)",
                        _meta_rows(con, rules, gemeente))
    except BaseException:
        con.execute("detach publish_target")
        tmp.unlink(missing_ok=True)
        raise
    finally:
        con.unregister("suppressed_signals")
        con.unregister("suppressed_funnel")
    con.execute("detach publish_target")
    try:
        _create_contract_views(tmp)
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        tmp.chmod(0o444)
        tmp.replace(target)
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    log.info("published %s", target.name)
    return target


def _create_contract_views(path: Path) -> None:
    """Views must be created inside the file itself so their names resolve when opened."""
    out = duckdb.connect(str(path))
    try:
        for view in sorted((SQL_ROOT / "publish_views").glob("*.sql")):
            body = view.read_text(encoding="utf-8").strip().rstrip(";")
            out.execute(f"create view {view.stem} as\n{body}")
        out.execute("checkpoint")
    finally:
        out.close()
