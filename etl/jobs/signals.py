"""Load signal deliveries: read, validate, place, pseudonymise, deduplicate, count.

Each file is read batch by batch; every batch is prepared (privacy door) and parked in the
run's pending tables; when a file is done its deliveries are loaded and counted. A fatal
problem with any file aborts the whole run, so nothing is half-loaded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import shapely

from etl.errors import EtlError
from etl.extract.brp_addresses import read_brp_addresses
from etl.extract.cbs_boundaries import read_boundaries
from etl.extract.detect_format import read_signal_file
from etl.extract.pc6_lookup import read_pc6_lookup
from etl.load import (
    PendingDelivery,
    append_frame,
    finish_pending,
    load_pending_delivery,
    stage_rows,
    start_pending,
)
from etl.report import FileReport, LoadReport
from etl.settings import EtlSettings
from etl.sqlfiles import read_sql
from etl.transform.place_in_buurt import AddressLookup, build_address_lookup
from etl.transform.postcode_summary import summarise_postcodes
from etl.transform.prepare_cases import prepare_cases
from etl.transform.prepare_signals import prepare_signals
from etl.transform.validate import ValidationRules

log = logging.getLogger(__name__)

#: Called with (file name, rows read so far) after every batch; the CLI draws progress.
ProgressCallback = Callable[[str, int], None]


@dataclass
class SignalSources:
    """What a signals run reads besides the deliveries themselves."""

    lookup: AddressLookup
    postcodes: pd.DataFrame
    lookup_year: int | None
    buurten: gpd.GeoDataFrame | None
    brp: pd.DataFrame | None


def read_sources(
    con: duckdb.DuckDBPyConnection,
    settings: EtlSettings,
    *,
    lookup_path: Path,
    boundaries_path: Path | None = None,
    brp_path: Path | None = None,
) -> SignalSources:
    """Read the address table, the buurt polygons and the optional BRP extract.

    Without ``boundaries_path`` the polygons come from the boundaries already loaded.
    """
    table, year = read_pc6_lookup(lookup_path)
    lookup = build_address_lookup(table)
    del table  # the lookup holds what is needed: give the table's memory back
    postcodes = summarise_postcodes(lookup, settings.gemeente)
    if boundaries_path is not None:
        buurten = read_boundaries(boundaries_path, "buurt")[["area_code", "geometry"]]
        buurten = buurten.rename(columns={"area_code": "buurt_code"})
    else:
        shapes = con.execute(read_sql("jobs/latest_buurt_shapes.sql")).fetchdf()
        buurten = gpd.GeoDataFrame(
            shapes[["buurt_code"]],
            geometry=shapely.from_geojson(shapes["geometry_geojson"].to_numpy()),
            crs=4326,
        ) if len(shapes) else None
    brp = read_brp_addresses(brp_path) if brp_path is not None else None
    return SignalSources(lookup, postcodes, year, buurten, brp)


def load_signal_files(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    files: list[Path],
    sources: SignalSources,
    settings: EtlSettings,
    report: LoadReport,
    *,
    is_demo: bool = False,
    today: date | None = None,
    progress: ProgressCallback | None = None,
) -> LoadReport:
    """Load every file; fill ``report`` with one entry per delivery.

    Parameters
    ----------
    con
        Warehouse connection in the run's transaction.
    run_id
        The run.
    files
        Delivery files (DDAS JSON, CSV, XLSX), loaded in the given order.
    sources
        Address table, polygons and BRP extract (:func:`read_sources`).
    settings
        ETL settings; ``household_key`` must be set.
    report
        Report to add the deliveries to.
    is_demo
        True when loading the demo's synthetic deliveries.
    today
        The date signals may not lie after (defaults to today).
    progress
        Optional progress callback.

    Returns
    -------
    LoadReport
        ``report``, completed.
    """
    if settings.household_key is None:
        raise EtlError("WIJKSIGNAAL_HOUSEHOLD_KEY is niet gezet (geheime sleutel voor de "
                       "huishoudsleutel, minstens 32 tekens)")
    rules = ValidationRules(
        gemeente_code=settings.gemeente,
        today=today or date.today(),
        earliest_date=settings.earliest_signal_date,
        max_amount=settings.max_amount,
    )
    con.execute(read_sql("jobs/clear_postcode_buurt.sql"))
    append_frame(con, "raw.postcode_buurt",
                 sources.postcodes.assign(lookup_year=sources.lookup_year, run_id=run_id))
    for path in files:
        report.files.extend(
            _load_file(con, run_id, Path(path), sources, settings, rules, is_demo, progress)
        )
    return report


def _load_file(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    path: Path,
    sources: SignalSources,
    settings: EtlSettings,
    rules: ValidationRules,
    is_demo: bool,
    progress: ProgressCallback | None,
) -> list[FileReport]:
    start_pending(con)
    pending: dict[str, PendingDelivery] = {}
    rows_seen = 0
    key = settings.household_key
    assert key is not None
    for batch in read_signal_file(path, keep_bsn=sources.brp is not None):
        d = batch.delivery
        if d.delivery_key not in pending:
            pending[d.delivery_key] = PendingDelivery(
                slot=len(pending), delivery=d,
                report=FileReport(source_file=d.source_file, source_format=d.source_format,
                                  delivery_key=d.delivery_key),
            )
        entry = pending[d.delivery_key]
        prepared = prepare_signals(batch.signals, lookup=sources.lookup, rules=rules, key=key,
                                   buurten=sources.buurten, brp=sources.brp)
        cases = prepare_cases(batch.cases, batch.case_signals, batch.contacts, key)
        stage_rows(con, entry.slot, signals=prepared.loadable, quarantined=prepared.quarantined,
                   cases=cases.cases, case_links=cases.links, contacts=cases.contacts)
        entry.report.rows_read += len(batch.signals)
        entry.report.cases_read += len(batch.cases)
        entry.report.cases_rejected += cases.rejected
        rows_seen += len(batch.signals)
        if progress is not None:
            progress(path.name, rows_seen)
    if not pending:
        raise EtlError("bestand bevat geen leveringen", path)
    reports = [load_pending_delivery(con, p, run_id=run_id, is_demo=is_demo)
               for p in pending.values()]
    finish_pending(con)
    for r in reports:
        log.info("%s: read %d, loaded %d, duplicate %d, quarantined %d", r.source_file,
                 r.rows_read, r.rows_loaded, r.rows_duplicate, sum(r.rows_quarantined.values()))
    return reports
