"""``python -m etl``: the command line of the ETL.

Every subcommand runs as one warehouse transaction and publishes atomically; on failure it
prints one line naming the file and the problem and exits non-zero, leaving the previously
published file untouched.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from etl.errors import EtlError
from etl.settings import read_settings

log = logging.getLogger("etl")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_UNEXPECTED = 3


def _add_targets(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", required=True, type=Path,
                        help="DuckDB warehouse file (created when missing)")
    parser.add_argument("--published", required=True, type=Path,
                        help="published DuckDB file the dashboard reads (replaced atomically)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one subcommand per job."""
    parser = argparse.ArgumentParser(
        prog="python -m etl",
        description="Wijksignaal ETL: vroegsignalen, CBS-grenzen en -kengetallen naar DuckDB.",
    )
    parser.add_argument("--debug", action="store_true",
                        help="show full tracebacks of unexpected errors (may quote data)")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="build the embedded demo through the real ETL path")
    _add_targets(demo)
    demo.add_argument("--seed", type=int, default=14, help="random seed (default 14)")
    demo.add_argument("--end-month", help="last month YYYY-MM (default: last complete month)")
    demo.add_argument("--months", type=int, default=36, help="number of months (default 36)")
    demo.add_argument("--work-dir", type=Path, help="folder for the generated input files")

    signals = sub.add_parser("signals", help="load vroegsignalen deliveries (DDAS JSON, CSV, XLSX)")
    signals.add_argument("files", nargs="+", type=Path, metavar="FILE")
    signals.add_argument("--lookup", required=True, type=Path,
                         help="CBS 'postcode huisnummer' table (PC6;Huisnummer;Buurt<jaar>;...)")
    signals.add_argument("--boundaries", type=Path,
                         help="buurt polygons for signals with coordinates (default: loaded ones)")
    signals.add_argument("--brp", type=Path,
                         help="BSN -> address extract to place BSN-only signals (never stored)")
    signals.add_argument("--report", type=Path, help="write the load report as JSON")
    _add_targets(signals)

    geodata = sub.add_parser("geodata", help="load CBS wijk and buurt boundaries of one year")
    source = geodata.add_mutually_exclusive_group(required=True)
    source.add_argument("--buurten", type=Path, help="buurt boundaries (GPKG/GeoJSON/SHP)")
    source.add_argument("--from-pdok", action="store_true",
                        help="download the boundaries from PDOK instead of files")
    geodata.add_argument("--wijken", type=Path, help="wijk boundaries (GPKG/GeoJSON/SHP)")
    geodata.add_argument("--year", required=True, type=int, help="boundary year")
    geodata.add_argument("--gemeente", action="append",
                         help="gemeente code(s) to keep, e.g. GM0014 (default: setting)")
    geodata.add_argument("--drop-water", action="store_true",
                         help="leave out areas CBS marks as water only")
    _add_targets(geodata)

    cbs = sub.add_parser("cbs", help="load CBS figures (households, income, debts) of one year")
    cbs_source = cbs.add_mutually_exclusive_group(required=True)
    cbs_source.add_argument("--csv", type=Path, help="StatLine/opendata CSV export")
    cbs_source.add_argument("--table", help="CBS OData table id, e.g. 85984NED (online)")
    cbs.add_argument("--debt-csv", type=Path,
                     help="municipal CSV with %% households with problematic debts")
    cbs.add_argument("--year", required=True, type=int, help="statistics year")
    cbs.add_argument("--gemeente", action="append", help="gemeente code(s) to keep")
    _add_targets(cbs)

    areas = sub.add_parser("areas", help="check and load custom area files (CSV/YAML)")
    areas.add_argument("files", nargs="+", type=Path, metavar="FILE")
    areas.add_argument("--warehouse", type=Path,
                       help="load into this warehouse (without: only check the files)")
    areas.add_argument("--published", type=Path, help="published file (with --warehouse)")

    publish = sub.add_parser("publish", help="publish the warehouse again (e.g. new threshold)")
    _add_targets(publish)

    combine = sub.add_parser(
        "combine", help="combine municipal published files into one shared read-only file")
    combine.add_argument("files", nargs="+", type=Path, metavar="PUBLISHED",
                         help="published files of the gemeenten (never warehouses)")
    combine.add_argument("--published", required=True, type=Path,
                         help="shared file the dashboard reads (replaced atomically)")
    combine.add_argument("--parquet", type=Path, metavar="DIR",
                         help="write one Parquet file per table into DIR (one DIR per "
                              "shared file); --published then holds views over them")
    combine.add_argument("--parquet-location", metavar="PREFIX",
                         help="where the dashboard finds DIR's files, if not at DIR "
                              "(a mount point or object-storage URL)")
    return parser


def _progress_bar() -> tuple:
    bars: dict[str, tqdm] = {}

    def update(name: str, rows: int) -> None:
        bar = bars.get(name)
        if bar is None:
            bar = bars[name] = tqdm(desc=name[:30], unit=" signalen", leave=False,
                                    disable=None, mininterval=0.5)
        bar.update(rows - bar.n)

    def close() -> None:
        for bar in bars.values():
            bar.close()

    return update, close


def _announce(line: str) -> None:
    print(f"→ {line}", flush=True)


def run(args: argparse.Namespace) -> int:
    """Dispatch to the job of the chosen subcommand."""
    from etl.jobs import commands

    settings = read_settings()
    update, close = _progress_bar()
    try:
        if args.command == "demo":
            end = pd.Timestamp(args.end_month + "-01") if args.end_month else None
            report = commands.run_demo(args, settings, end, _announce, update)
        elif args.command == "signals":
            report = commands.run_signals(args, settings, _announce, update)
        elif args.command == "geodata":
            report = commands.run_geodata(args, settings, _announce)
        elif args.command == "cbs":
            report = commands.run_cbs(args, settings, _announce)
        elif args.command == "areas":
            report = commands.run_areas(args, settings, _announce)
        elif args.command == "combine":
            report = commands.run_combine(args, settings, _announce)
        else:
            report = commands.run_publish(args, settings, _announce)
    finally:
        close()
    if report is not None and report.files:
        print(report.format_table())
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = read_settings()
    logging.basicConfig(level=settings.log_level, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return run(args)
    except EtlError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("afgebroken; de gepubliceerde data is ongewijzigd", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        where = traceback.extract_tb(exc.__traceback__)[-1]
        print(f"onverwachte fout: {type(exc).__name__} in {Path(where.filename).name}:"
              f"{where.lineno} (gebruik --debug voor details; de gepubliceerde data is "
              "ongewijzigd)", file=sys.stderr)
        return EXIT_UNEXPECTED
