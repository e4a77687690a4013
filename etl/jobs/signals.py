"""Load signal deliveries: read, validate, place, pseudonymise, deduplicate, count.

Each file is read batch by batch; every batch is prepared (privacy door) and parked in the
run's pending tables; when a file is done its deliveries are loaded and counted. The address
table is read in a background thread meanwhile: batches are parsed, checked and keyed before
it is there, and only placing them waits for it. A fatal
problem with any file aborts the whole run, so nothing is half-loaded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import closing
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
from etl.extract.read_ahead import read_ahead
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
from etl.transform.prepare_signals import KeyedSignals, check_and_key_signals, place_signals
from etl.transform.validate import ValidationRules

log = logging.getLogger(__name__)

#: Called with (file name, rows read so far) after every batch; the CLI draws progress.
ProgressCallback = Callable[[str, int], None]


#: Keyed signal rows held back while the address table is still being read; beyond this the
#: load waits for the table instead of holding more. With a million the main thread keeps
#: keying for about as long as the national table takes to read.
HOLD_ROWS = 1_000_000


@dataclass
class AddressSources:
    """The address table made searchable, and its per-postcode summary."""

    lookup: AddressLookup
    postcodes: pd.DataFrame
    year: int | None


def read_addresses(lookup_path: Path, gemeente: str) -> AddressSources:
    """Read the CBS address table into a lookup and summarise it per postcode."""
    table, year = read_pc6_lookup(lookup_path)
    lookup = build_address_lookup(table)
    del table  # the lookup holds what is needed: give the table's memory back
    return AddressSources(lookup, summarise_postcodes(lookup, gemeente), year)


@dataclass
class SignalSources:
    """What a signals run reads besides the deliveries themselves.

    The address table (9 million rows nationally) is read in a background thread: the
    deliveries are parsed, checked and keyed meanwhile, and only placing them waits for it.
    """

    addresses: Future[AddressSources]
    buurten: gpd.GeoDataFrame | None
    brp: pd.DataFrame | None

    def ready(self) -> bool:
        """Whether the address table has been read (or failed)."""
        return self.addresses.done()

    def wait(self) -> AddressSources:
        """The address table; raises what reading it raised."""
        return self.addresses.result()


def read_sources(
    con: duckdb.DuckDBPyConnection,
    settings: EtlSettings,
    *,
    lookup_path: Path,
    boundaries_path: Path | None = None,
    brp_path: Path | None = None,
) -> SignalSources:
    """Start reading the address table; read the buurt polygons and the optional BRP extract.

    Without ``boundaries_path`` the polygons come from the boundaries already loaded. The
    background thread reads one file and touches no connection.
    """
    reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="adressentabel")
    addresses = reader.submit(read_addresses, Path(lookup_path), settings.gemeente)
    reader.shutdown(wait=False)
    try:
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
    except BaseException:
        wait([addresses])  # do not leave the reader running past a failed start
        raise
    return SignalSources(addresses, buurten, brp)


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
    try:
        for path in files:
            report.files.extend(
                _load_file(con, run_id, Path(path), sources, settings, rules, is_demo, progress)
            )
        addresses = sources.wait()
    finally:
        wait([sources.addresses])
    con.execute(read_sql("jobs/clear_postcode_buurt.sql"))
    append_frame(con, "raw.postcode_buurt",
                 addresses.postcodes.assign(lookup_year=addresses.year, run_id=run_id))
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
    held: list[tuple[int, KeyedSignals]] = []
    rows_seen = 0
    key = settings.household_key
    assert key is not None
    # The next batch is read in a thread meanwhile; closing stops that reader on an error.
    batches = read_ahead(read_signal_file(path, keep_bsn=sources.brp is not None))
    with closing(batches):
        for batch in batches:
            d = batch.delivery
            if d.delivery_key not in pending:
                pending[d.delivery_key] = PendingDelivery(
                    slot=len(pending), delivery=d,
                    report=FileReport(source_file=d.source_file, source_format=d.source_format,
                                      delivery_key=d.delivery_key),
                )
            entry = pending[d.delivery_key]
            held.append((entry.slot, check_and_key_signals(batch.signals, rules=rules, key=key,
                                                           brp=sources.brp)))
            if sources.ready() or sum(len(k.signals) for _, k in held) >= HOLD_ROWS:
                _place_and_stage(con, held, sources, rules)
                held = []
            cases = prepare_cases(batch.cases, batch.case_signals, batch.contacts, key)
            stage_rows(con, entry.slot, cases=cases.cases, case_links=cases.links,
                       contacts=cases.contacts)
            entry.report.rows_read += len(batch.signals)
            entry.report.cases_read += len(batch.cases)
            entry.report.cases_rejected += cases.rejected
            rows_seen += len(batch.signals)
            if progress is not None:
                progress(path.name, rows_seen)
    _place_and_stage(con, held, sources, rules)
    if not pending:
        raise EtlError("bestand bevat geen leveringen", path)
    reports = [load_pending_delivery(con, p, run_id=run_id, is_demo=is_demo)
               for p in pending.values()]
    finish_pending(con)
    for r in reports:
        log.info("%s: read %d, loaded %d, duplicate %d, quarantined %d", r.source_file,
                 r.rows_read, r.rows_loaded, r.rows_duplicate, sum(r.rows_quarantined.values()))
    return reports


def _place_and_stage(con: duckdb.DuckDBPyConnection, held: list[tuple[int, KeyedSignals]],
                     sources: SignalSources, rules: ValidationRules) -> None:
    """Place held batches (waiting for the address table if need be) and stage their rows."""
    if not held:
        return
    lookup = sources.wait().lookup
    for slot, keyed in held:
        prepared = place_signals(keyed, lookup=lookup, gemeente_code=rules.gemeente_code,
                                 buurten=sources.buurten)
        stage_rows(con, slot, signals=prepared.loadable, quarantined=prepared.quarantined)
