"""One function per CLI subcommand: turn parsed arguments into a job run.

Kept apart from ``cli.py`` so the CLI only parses, prints and maps errors to exit codes.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from etl.errors import EtlError
from etl.extract.cbs_kwb import read_statline_csv
from etl.jobs.areas import known_buurt_codes, load_areas, unknown_codes, validate_area_files
from etl.jobs.cbs import load_indicators
from etl.jobs.demo import build_demo
from etl.jobs.geodata import BYTES_PER_BUURT, BYTES_PER_WIJK, load_geodata, prepare_level
from etl.jobs.signals import ProgressCallback, load_signal_files, read_sources
from etl.jobs.warehouse_run import WarehouseRun
from etl.memory import release_unused_memory
from etl.report import LoadReport
from etl.settings import EtlSettings
from etl.stage_timer import timed_stage

log = logging.getLogger(__name__)

Announce = Callable[[str], None]
SHIPPED_BUURTEN = Path(__file__).resolve().parents[2] / "geodata" / "buurten_2022.geojson"


def _announce_unknown(announce: Announce, codes: list[str]) -> None:
    if codes:
        shown = ", ".join(codes[:10]) + (" ..." if len(codes) > 10 else "")
        announce(f"let op: {len(codes)} code(s) zonder grens in hun jaar (wel geladen): {shown}")


def run_demo(args: argparse.Namespace, settings: EtlSettings, end_month: pd.Timestamp | None,
             announce: Announce, progress: ProgressCallback) -> LoadReport:
    """``etl demo``."""
    return build_demo(args.warehouse, args.published, settings, work_dir=args.work_dir,
                      seed=args.seed, end_month=end_month, months=args.months,
                      announce=announce, progress=progress)


def run_signals(args: argparse.Namespace, settings: EtlSettings, announce: Announce,
                progress: ProgressCallback) -> LoadReport:
    """``etl signals``: load deliveries, publish, write the report."""
    report = LoadReport(command="signals")
    stages = report.stage_seconds
    with WarehouseRun(args.warehouse, "signals", settings, stages) as run:
        assert run.con is not None and run.run_id is not None
        # The address table is read in the background during load_signals: read_lookup is
        # the start (polygons, BRP extract), and the two stages together are the wall time.
        with timed_stage(stages, "read_lookup"):
            sources = read_sources(run.con, settings, lookup_path=args.lookup,
                                   boundaries_path=args.boundaries, brp_path=args.brp)
        with timed_stage(stages, "load_signals"):
            load_signal_files(run.con, run.run_id, args.files, sources, settings, report,
                              progress=progress)
        announce(f"adressentabel gelezen: {len(sources.wait().lookup.keys)} adressen")
        del sources  # the address table is not needed for the models: give its memory back
        release_unused_memory()
        _announce_unknown(announce, unknown_codes(run.con, "signalen"))
    run.publish_and_close(args.published, report)
    if args.report:
        report.write_json(args.report)
    announce(f"gepubliceerd: {args.published}")
    return report


def run_geodata(args: argparse.Namespace, settings: EtlSettings,
                announce: Announce) -> LoadReport:
    """``etl geodata``: boundaries of one year from files or from PDOK."""
    gemeenten = args.gemeente or ([] if settings.gemeente == "*" else [settings.gemeente])
    report = LoadReport(command="geodata")
    with tempfile.TemporaryDirectory(prefix="wijksignaal-pdok-") as tmp:
        if args.from_pdok:
            from etl.extract.pdok import download_boundaries

            buurt_file = download_boundaries(args.year, gemeenten, "buurt", Path(tmp))
            wijk_file = download_boundaries(args.year, gemeenten, "wijk", Path(tmp))
            source = f"PDOK CBS wijken en buurten {args.year}"
        else:
            buurt_file, wijk_file = args.buurten, args.wijken
            source = ", ".join(p.name for p in (buurt_file, wijk_file) if p is not None)
        buurten = prepare_level(buurt_file, "buurt", gemeenten, drop_water=args.drop_water,
                                bytes_per_area=BYTES_PER_BUURT)
        wijken = prepare_level(wijk_file, "wijk", gemeenten, drop_water=args.drop_water,
                               bytes_per_area=BYTES_PER_WIJK) if wijk_file else None
        with WarehouseRun(args.warehouse, "geodata", settings) as run:
            assert run.con is not None and run.run_id is not None
            counts = load_geodata(run.con, run.run_id, buurten=buurten, wijken=wijken,
                                  year=args.year, source=source)
        announce(f"grenzen {args.year} geladen: {counts}")
    run.publish_and_close(args.published, report)
    announce(f"gepubliceerd: {args.published}")
    return report


def run_cbs(args: argparse.Namespace, settings: EtlSettings, announce: Announce) -> LoadReport:
    """``etl cbs``: one year of CBS figures (CSV or OData) plus optional municipal debts."""
    gemeenten = args.gemeente or ([] if settings.gemeente == "*" else [settings.gemeente])
    if args.csv:
        indicators, source = read_statline_csv(args.csv), f"CBS ({args.csv.name})"
    else:
        from etl.extract.cbs_odata import read_kwb_table

        indicators, source = read_kwb_table(args.table, gemeenten), f"CBS {args.table}"
    report = LoadReport(command="cbs")
    with WarehouseRun(args.warehouse, "cbs", settings) as run:
        assert run.con is not None and run.run_id is not None
        counts = load_indicators(run.con, run.run_id, indicators, year=args.year,
                                 source=source, gemeenten=gemeenten)
        debt_source = source if counts.get("problematic_debt_pct") else None
        if args.debt_csv:
            debt = read_statline_csv(args.debt_csv)
            debt = debt[debt["measure"] == "problematic_debt_pct"]
            if debt.empty:
                raise EtlError("geen kolom met problematische schulden gevonden", args.debt_csv)
            load_indicators(run.con, run.run_id, debt, year=args.year,
                            source=f"gemeente ({args.debt_csv.name})", gemeenten=gemeenten)
            debt_source = f"gemeentelijk bestand {args.debt_csv.name}"
        _announce_unknown(announce, unknown_codes(run.con, "cbs"))
    announce(f"kengetallen {args.year} geladen uit {source}: {counts}")
    announce("problematische schulden: " + (f"bron {debt_source}" if debt_source
                                            else "niet beschikbaar in deze bron"))
    run.publish_and_close(args.published, report)
    announce(f"gepubliceerd: {args.published}")
    return report


def run_areas(args: argparse.Namespace, settings: EtlSettings,
              announce: Announce) -> LoadReport | None:
    """``etl areas``: check area files; load them when a warehouse is given."""
    if args.warehouse is None:
        from etl.extract.cbs_boundaries import read_boundaries

        known = set(read_boundaries(SHIPPED_BUURTEN, "buurt")["area_code"])
        areas = validate_area_files(args.files, known)
        announce(f"in orde: {areas['division'].nunique()} indeling(en), "
                 f"{areas['area_code'].nunique()} gebieden, {len(areas)} buurtkoppelingen")
        return None
    if args.published is None:
        raise EtlError("--published is nodig samen met --warehouse")
    report = LoadReport(command="areas")
    with WarehouseRun(args.warehouse, "areas", settings) as run:
        assert run.con is not None and run.run_id is not None
        areas = validate_area_files(args.files, known_buurt_codes(run.con))
        load_areas(run.con, run.run_id, areas)
    announce(f"gebieden geladen: {areas['area_code'].nunique()}")
    run.publish_and_close(args.published, report)
    announce(f"gepubliceerd: {args.published}")
    return report


def run_publish(args: argparse.Namespace, settings: EtlSettings,
                announce: Announce) -> LoadReport:
    """``etl publish``: rebuild the models and publish again."""
    report = LoadReport(command="publish")
    with WarehouseRun(args.warehouse, "publish", settings) as run:
        pass
    run.publish_and_close(args.published, report)
    announce(f"gepubliceerd: {args.published}")
    return report


def run_combine(args: argparse.Namespace, settings: EtlSettings, announce: Announce) -> None:
    """``etl combine``: pool the gemeenten's published (suppressed) files, never warehouses."""
    from etl.combine import combine

    if args.parquet_location and not args.parquet:
        raise EtlError("--parquet-location hoort bij --parquet")
    result = combine(args.files, args.published, parquet_dir=args.parquet,
                     parquet_location=args.parquet_location,
                     memory_limit=settings.memory_limit)
    announce(f"samengevoegd: {len(args.files)} bestand(en), {len(result.gemeenten)} "
             f"gemeente(n), {result.rows['signals_window_area']} rijen signalen")
    if result.parquet_files:
        announce(f"{len(result.parquet_files)} Parquet-bestanden in "
                 f"{result.parquet_files[0].parent}")
    announce(f"gepubliceerd: {args.published}")
