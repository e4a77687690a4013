"""Build the whole demo: generate synthetic deliveries, then load everything through the same
jobs as real data (geodata, areas, CBS figures, signals) and publish once."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd

from etl.demo.generate import DEFAULT_MONTHS, DEFAULT_SEED, generate_demo
from etl.demo.population import GEODATA
from etl.errors import EtlError
from etl.extract.cbs_kwb import read_statline_csv
from etl.jobs.areas import known_buurt_codes, load_areas, validate_area_files
from etl.jobs.cbs import load_indicators
from etl.jobs.geodata import load_geodata, prepare_level
from etl.jobs.signals import ProgressCallback, load_signal_files, read_sources
from etl.jobs.warehouse_run import WarehouseRun
from etl.report import LoadReport
from etl.settings import EtlSettings
from etl.sqlfiles import read_sql

log = logging.getLogger(__name__)

#: Shipped boundary files: CBS buurten 2022, CBS wijken 2022 and 2023 (generalised).
DEMO_BOUNDARIES = (
    (2022, GEODATA / "buurten_2022.geojson", GEODATA / "wijken_2022.geojson"),
    (2023, None, GEODATA / "wijken_2023.geojson"),
)

Announce = Callable[[str], None]


def _refuse_real_warehouse(path: Path) -> None:
    """The demo rebuilds its warehouse from scratch; never do that to real data."""
    if not path.exists():
        return
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise EtlError(f"bestaand warehouse is niet leesbaar ({type(exc).__name__}); "
                       "kies een ander pad voor de demo", path) from exc
    try:
        real = con.execute(read_sql("jobs/count_real_deliveries.sql")).fetchone()
    except duckdb.CatalogException:
        real = (0,)
    finally:
        con.close()
    if real and real[0]:
        raise EtlError("dit warehouse bevat echte leveringen; de demo overschrijft het niet",
                       path)
    path.unlink()
    path.with_name(path.name + ".wal").unlink(missing_ok=True)


def build_demo(
    warehouse: Path,
    published: Path,
    settings: EtlSettings,
    *,
    work_dir: Path | None = None,
    seed: int = DEFAULT_SEED,
    end_month: pd.Timestamp | None = None,
    months: int = DEFAULT_MONTHS,
    announce: Announce = log.info,
    progress: ProgressCallback | None = None,
) -> LoadReport:
    """Generate the demo's files and load them through the real ETL path.

    Parameters
    ----------
    warehouse, published
        Where to build the demo's warehouse (recreated) and published file.
    settings
        ETL settings; without a household key a random one is used for this run.
    work_dir
        Where the generated input files go (default: ``demo-input`` beside the warehouse).
    seed, end_month, months
        Generator parameters (see :func:`etl.demo.generate.generate_demo`).
    announce
        Receives one short progress line per step.
    progress
        Per-batch progress for the signal files.

    Returns
    -------
    LoadReport
        The signals report of the demo load.
    """
    if settings.household_key is None:
        settings = replace(settings, household_key=secrets.token_hex(32).encode())
    _refuse_real_warehouse(warehouse)
    work = work_dir or warehouse.parent / "demo-input"
    files = generate_demo(work, seed=seed, end_month=end_month, months=months)
    announce(f"demo-bestanden gemaakt: {len(files.deliveries)} leveringen in {work}")
    report = LoadReport(command="demo")
    gemeenten = [settings.gemeente]
    with WarehouseRun(warehouse, "demo", settings) as run:
        con, run_id = run.con, run.run_id
        assert con is not None and run_id is not None
        for year, buurt_file, wijk_file in DEMO_BOUNDARIES:
            buurten = prepare_level(buurt_file, "buurt", gemeenten, drop_water=False,
                                    bytes_per_area=1000) if buurt_file else None
            wijken = prepare_level(wijk_file, "wijk", gemeenten, drop_water=False,
                                   bytes_per_area=1000)
            counts = load_geodata(con, run_id, buurten=buurten, wijken=wijken, year=year,
                                  source="CBS/PDOK gegeneraliseerd (cartomap/nl)")
            announce(f"grenzen {year} geladen: {counts}")
        areas = validate_area_files(sorted((GEODATA / "areas").glob("*.csv")),
                                    known_buurt_codes(con))
        load_areas(con, run_id, areas)
        announce(f"gebieden geladen: {areas['area_code'].nunique()} eigen gebieden")
        for year, path in files.kwb.items():
            load_indicators(con, run_id, read_statline_csv(path), year=year,
                            source="demo (synthetisch, KWB-formaat)", gemeenten=gemeenten,
                            is_demo=True)
        for year, path in files.debts.items():
            load_indicators(con, run_id, read_statline_csv(path), year=year,
                            source="demo (synthetisch, gemeentelijk schuldenbestand)",
                            gemeenten=gemeenten, is_demo=True)
        announce(f"CBS-kengetallen geladen: {min(files.kwb)}-{max(files.kwb)} (demo)")
        sources = read_sources(con, settings, lookup_path=files.lookup)
        load_signal_files(con, run_id, files.deliveries, sources, settings, report,
                          is_demo=True, progress=progress)
        announce(f"signalen geladen: {report.rows_loaded} van {report.rows_read} gelezen, "
                 f"{report.rows_duplicate} dubbel, "
                 f"{sum(report.rows_quarantined.values())} in quarantaine")
    run.publish_and_close(published, report)
    announce(f"gepubliceerd: {published}")
    return report
