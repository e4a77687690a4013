"""A multi-municipality deployment, run for real: one warehouse per gemeente, one shared file.

Under the Wgs no gemeente may pool its (pseudonymised) signals with another's, so each
installation loads its own deliveries into its own warehouse and publishes its own
disclosure-controlled file; ``python -m etl combine`` then unions those published files
into one shared file that a single dashboard serves. This script does exactly that on
synthetic data generated in the same run (:mod:`bench.national_data`,
:mod:`bench.national_geometry`): a national CBS-style address table, boundaries and CBS
figures of the first N gemeenten, and a signal export per gemeente. It measures

- every gemeente's ETL, sequentially, each in its own warehouse with
  ``WIJKSIGNAAL_GEMEENTE`` set to that gemeente, as its operator would run it
  (``etl geodata``, ``etl cbs``, ``etl signals``; ``etl areas`` for the gemeente with the
  NPLV-style custom areas): seconds and peak RSS per command;
- the combine step, both ways: one shared DuckDB file, and one Parquet file per table with
  a small DuckDB file of views over them (seconds, peak RSS, bytes);
- every ``sql/dashboard`` query on both shared files through the dashboard's own read-only
  :class:`~dashboard.data.published.PublishedData`, with the same realistic random
  parameters (:mod:`bench.query_parameters`); the shared DuckDB file is the baseline;
- the dashboard under gunicorn on each shared file: every page answers, the buurt map holds
  the buurten of every gemeente, and the resident and unique memory of each worker.

Run: ``python -m bench.multi_municipality [--gemeenten 10] [--signals-per-gemeente 30000]
[--no-docs]``; writes a section of docs/benchmarks.md unless ``--no-docs``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import psutil
import requests

from bench.browser_session import CALLBACK_PATH
from bench.etl_process import CommandRun, run_measured
from bench.map_recolour import MAP_FIGURE, PAGE_CONTENT, callback_body, callback_spec, map_values
from bench.national_build import BOUNDARY_YEAR, select_gemeenten, write_cbs_figures
from bench.national_custom_areas import FOCUS_GEMEENTE, write_custom_areas
from bench.national_data import write_address_table, write_signal_export
from bench.national_geometry import write_boundaries
from bench.published_queries import TARGET_BYTES, Timing, read_checked, time_dashboard_queries
from bench.report import machine, markdown_table, write_section
from bench.serve import BENCH_HOUSEHOLD_KEY, percentile, start_gunicorn, stop_gunicorn
from dashboard import ids
from dashboard.data.published import PublishedData

PAGES = ("/", "/maand", "/over", "/nplv")
PAGE_ROUNDS = 5


@dataclass
class MunicipalInputs:
    """The files every gemeente's operator starts from."""

    lookup: Path
    boundaries: Path
    figures: Path
    exports: dict[str, Path]
    areas: tuple[str, Path]
    buurten: dict[str, int]


@dataclass
class GemeenteRun:
    """One gemeente's installation: its commands and what it published."""

    gemeente: str
    published: Path
    commands: list[CommandRun] = field(default_factory=list)
    rows_loaded: int = 0

    @property
    def seconds(self) -> float:
        return sum(c.seconds for c in self.commands)

    @property
    def peak_rss(self) -> int:
        return max(c.peak_rss for c in self.commands)

    def seconds_of(self, command: str) -> float | None:
        return next((c.seconds for c in self.commands if c.command == command), None)


def gemeente_code(number: int) -> str:
    """CBS code of the synthetic gemeente ``number`` (1 -> GM0001)."""
    return f"GM{number:04d}"


def write_municipal_inputs(work: Path, *, gemeenten: int, signals_per_gemeente: int,
                           addresses: int, seed: int = 1) -> MunicipalInputs:
    """Generate what the first ``gemeenten`` gemeenten each receive.

    Parameters
    ----------
    work
        Folder for the files.
    gemeenten
        How many gemeenten (the first N of :func:`bench.national_data.area_codes`).
    signals_per_gemeente
        Signals in each gemeente's export (12 months, from its own addresses).
    addresses
        Addresses in the national CBS-style address table every gemeente reads.
    seed
        Seed of boundaries, figures and signals.

    Returns
    -------
    MunicipalInputs
        The shared national files (address table, boundaries, CBS figures), one export per
        gemeente, and the custom-area file of the one gemeente that has custom areas.
    """
    codes = select_gemeenten(gemeenten)
    work.mkdir(parents=True, exist_ok=True)
    postcodes = write_address_table(work / "adressen.csv", addresses)
    figures = write_cbs_figures(work / f"kwb_{BOUNDARY_YEAR}.csv", codes, seed=seed)
    boundaries = work / f"wijkenbuurten_{BOUNDARY_YEAR}.gpkg"
    write_boundaries(boundaries, codes, BOUNDARY_YEAR, seed=seed)
    exports, buurten = {}, {}
    for number in sorted(codes["gemeente"].unique()):
        code = gemeente_code(int(number))
        own = codes.loc[codes["gemeente"] == number, "buurt"]
        pc6 = postcodes.loc[postcodes["buurt"].isin(own), "pc6"].reset_index(drop=True)
        if pc6.empty:
            raise ValueError(f"no address falls in {code}: raise --addresses")
        exports[code] = write_signal_export(work / f"signalen_{code}.csv", pc6,
                                            signals_per_gemeente, seed=seed + int(number))
        buurten[code] = len(own)
    # Like Groningen's NPLV file: custom areas in one gemeente only (their codes are its own).
    focus = FOCUS_GEMEENTE if (codes["gemeente"] == FOCUS_GEMEENTE).any() \
        else int(codes["gemeente"].min())
    area_file = write_custom_areas(work / "gebieden.csv", codes)
    return MunicipalInputs(work / "adressen.csv", boundaries, figures, exports,
                           (gemeente_code(focus), area_file), buurten)


def municipal_commands(inputs: MunicipalInputs, gemeente: str, folder: Path
                       ) -> list[list[str]]:
    """The ``python -m etl`` arguments one gemeente's operator runs, into its own files."""
    targets = ["--warehouse", str(folder / "warehouse.duckdb"),
               "--published", str(folder / "published.duckdb")]
    commands = [
        ["geodata", "--buurten", str(inputs.boundaries), "--wijken", str(inputs.boundaries),
         "--year", str(BOUNDARY_YEAR), *targets],
        ["cbs", "--csv", str(inputs.figures), "--year", str(BOUNDARY_YEAR), *targets],
    ]
    if inputs.areas[0] == gemeente:
        commands.append(["areas", str(inputs.areas[1]), *targets])
    commands.append(["signals", str(inputs.exports[gemeente]), "--lookup", str(inputs.lookup),
                     "--report", str(folder / "report.json"), *targets])
    return commands


def municipal_environment(gemeente: str) -> dict[str, str]:
    """The settings of one gemeente's installation (its own code; a bench-only key)."""
    return {"WIJKSIGNAAL_HOUSEHOLD_KEY": BENCH_HOUSEHOLD_KEY, "WIJKSIGNAAL_GEMEENTE": gemeente}


def run_gemeente(inputs: MunicipalInputs, gemeente: str, folder: Path) -> GemeenteRun:
    """Every command of one gemeente's installation, in order, into its own warehouse."""
    folder.mkdir(parents=True, exist_ok=True)
    run = GemeenteRun(gemeente, folder / "published.duckdb")
    for arguments in municipal_commands(inputs, gemeente, folder):
        run.commands.append(run_measured(arguments, municipal_environment(gemeente)))
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    run.rows_loaded = int(report.get("rows_loaded", 0))
    return run


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@dataclass
class Served:
    """The dashboard under gunicorn on one shared file."""

    pages: dict[str, list[float]]
    failures: list[str]
    map_areas: int
    map_gemeenten: int
    worker_rss: list[int]
    worker_uss: list[int]


def serve_and_check(published: Path, log: Path, workers: int, pages: tuple[str, ...]
                    ) -> Served:
    """Start gunicorn on ``published``; open ``pages`` and the buurt map, as the browser asks
    for them (the page-content and map callbacks); then read each worker's RSS."""
    server = start_gunicorn(published, log, workers=workers)
    try:
        session = requests.Session()
        failures = [] if session.get(server.url + "/healthz", timeout=30).ok \
            else ["/healthz"]
        page_spec = callback_spec(server.url, PAGE_CONTENT)
        times: dict[str, list[float]] = {}
        for path in pages:
            body = callback_body(page_spec, {"_pages_location.pathname": path,
                                             "_pages_location.search": ""},
                                 "_pages_location.pathname")
            times[path] = []
            for _ in range(PAGE_ROUNDS + 1):
                start = time.perf_counter()
                response = session.post(server.url + CALLBACK_PATH, json=body, timeout=120)
                times[path].append((time.perf_counter() - start) * 1000)
                if not response.ok or "niet beschikbaar" in response.text:
                    failures.append(f"{path}: HTTP {response.status_code}")
            times[path] = times[path][1:]  # the first call warms the worker's caches
        spec = callback_spec(server.url, MAP_FIGURE)
        # A level change redraws the whole map; inputs the bench does not know stay empty.
        values = defaultdict(lambda: None, map_values("buurt", 0))
        response = session.post(server.url + CALLBACK_PATH, timeout=120, json=callback_body(
            spec, values, f"{ids.MAP_LEVEL}.value"))
        figure = response.json()["response"][ids.MAP_GRAPH]["figure"]
        codes = {code for trace in figure["data"] for code in trace.get("locations") or []}
        # RSS counts the pages workers share (libraries); USS only what the worker alone holds.
        memory = [child.memory_full_info()
                  for child in psutil.Process(server.process.pid).children()]
        return Served(times, failures, len(codes), len({code[2:6] for code in codes}),
                      [m.rss for m in memory], [m.uss for m in memory])
    finally:
        stop_gunicorn(server)


@dataclass
class Result:
    """Everything one run measured."""

    runs: list[GemeenteRun]
    generate_seconds: float
    combine: dict[str, CommandRun]
    sizes: dict[str, int]
    queries: dict[str, list[Timing]]
    served: dict[str, Served]
    relations: list
    buurten: int
    load: tuple[float, float]


def mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def report(args: argparse.Namespace, result: Result) -> str:
    """The docs section: how it was measured, then the tables."""
    text = (f"Measured {machine()}; {args.gemeenten} gemeenten with "
            f"{args.signals_per_gemeente:,} signals each (12 months), every gemeente reading "
            f"the national address table of {args.addresses:,} addresses; inputs generated "
            f"in the same run ({result.generate_seconds:.0f} s, not counted). Each gemeente "
            f"ran its own installation (own warehouse, `WIJKSIGNAAL_GEMEENTE` its own code), "
            f"one after another; seconds and peak RSS per `python -m etl` subprocess. The "
            f"machine was shared with other work: load average {result.load[0]:.1f} before "
            f"and {result.load[1]:.1f} after the run.\n\n")
    rows = []
    for run in result.runs:
        extra = run.seconds_of("areas")
        rows.append([run.gemeente, f"{run.rows_loaded:,}",
                     f"{run.seconds_of('geodata'):.1f}", f"{run.seconds_of('cbs'):.1f}",
                     "–" if extra is None else f"{extra:.1f}",
                     f"{run.seconds_of('signals'):.1f}", f"{run.seconds:.1f}",
                     f"{run.peak_rss / 2**30:.2f} GB",
                     mb(run.published.stat().st_size)])
    signals_s = [r.seconds_of("signals") for r in result.runs]
    rows.append(["**all**", f"{sum(r.rows_loaded for r in result.runs):,}",
                 f"{sum(r.seconds_of('geodata') for r in result.runs):.1f}",
                 f"{sum(r.seconds_of('cbs') for r in result.runs):.1f}",
                 f"{sum(r.seconds_of('areas') or 0 for r in result.runs):.1f}",
                 f"{sum(signals_s):.1f}", f"{sum(r.seconds for r in result.runs):.1f}",
                 f"max {max(r.peak_rss for r in result.runs) / 2**30:.2f} GB",
                 mb(sum(r.published.stat().st_size for r in result.runs))])
    text += markdown_table(["gemeente", "signals loaded", "geodata s", "cbs s", "areas s",
                            "signals s", "total s", "peak RSS", "published"], rows)
    sizes = result.sizes
    text += ("\n\nCombine (`python -m etl combine` of the published files, as a subprocess; "
             "never the warehouses):\n\n")
    text += markdown_table(["shared file", "seconds", "peak RSS", "bytes"], [
        ["one DuckDB file", f"{result.combine['duckdb'].seconds:.1f}",
         f"{result.combine['duckdb'].peak_rss / 2**20:.0f} MB", mb(sizes["duckdb"])],
        ["Parquet (one file per table) + DuckDB file of views",
         f"{result.combine['parquet'].seconds:.1f}",
         f"{result.combine['parquet'].peak_rss / 2**20:.0f} MB",
         f"{mb(sizes['parquet'])} + {mb(sizes['views'])}"],
        ["the municipal published files, for comparison", "", "",
         mb(sum(r.published.stat().st_size for r in result.runs))],
    ])
    duck, parquet = result.queries["duckdb"], result.queries["parquet"]
    text += (f"\n\nEvery dashboard query on both shared files, in process through the "
             f"dashboard's read-only `PublishedData`, {args.rounds} calls each after one "
             f"warm-up, the same random realistic parameters for both files (baseline: the "
             f"shared DuckDB file):\n\n")
    rows = []
    for a, b in zip(duck, parquet, strict=True):
        p50a, p50b = percentile(a.ms, 50), percentile(b.ms, 50)
        rows.append([f"`{a.name}`", a.row_text(), f"{p50a:.1f}",
                     f"{percentile(a.ms, 95):.1f}", f"{p50b:.1f}",
                     f"{percentile(b.ms, 95):.1f}", f"{p50b / p50a:.1f}x" if p50a else "–"])
    all_a = [ms for t in duck for ms in t.ms]
    all_b = [ms for t in parquet for ms in t.ms]
    rows.append(["**all calls**", "", f"{percentile(all_a, 50):.1f}",
                 f"{percentile(all_a, 95):.1f}", f"{percentile(all_b, 50):.1f}",
                 f"{percentile(all_b, 95):.1f}",
                 f"{percentile(all_b, 50) / percentile(all_a, 50):.1f}x"])
    text += markdown_table(["dashboard query", "rows", "DuckDB p50 ms", "DuckDB p95 ms",
                            "Parquet p50 ms", "Parquet p95 ms", "Parquet / DuckDB (p50)"],
                           rows)
    text += (f"\n\nThe dashboard under gunicorn ({args.workers} workers, loopback) on each "
             f"shared file: each page's content callback {PAGE_ROUNDS} times after one "
             f"warm-up (the pages' own caches per worker and publication apply), then the "
             f"buurt map; then the resident (RSS) and unique (USS) memory of each worker "
             f"(gunicorn started without `--preload`).\n\n")
    rows = []
    pages = list(result.served["duckdb"].pages)
    for label, key in (("DuckDB file", "duckdb"), ("Parquet views", "parquet")):
        served = result.served[key]
        rows.append([label] + [f"{percentile(served.pages[p], 50):.0f}" for p in pages] + [
            f"{served.map_areas:,} of {result.buurten:,} buurten, "
            f"{served.map_gemeenten} of {len(result.runs)} gemeenten",
            ", ".join(f"{rss / 2**20:.0f}" for rss in served.worker_rss) + " MB",
            ", ".join(f"{uss / 2**20:.0f}" for uss in served.worker_uss) + " MB",
            str(len(served.failures))])
    text += markdown_table(["shared file"] + [f"`{p}` p50 ms" for p in pages]
                           + ["buurt map", "worker RSS", "worker USS", "failures"], rows)
    signal_grain = [r.name for r in result.relations if not r.is_aggregate]
    text += "\n\n" + markdown_table(["measure", "result", "target"], [
        ["shared DuckDB file", f"{mb(sizes['duckdb'])} ({sizes['duckdb'] / TARGET_BYTES:.2%} "
         "of 1 GB)", "< 1 GB"],
        ["relations above areas x months x partner types x windows, or with a "
         "household/signal column", ", ".join(signal_grain) or "none", "none"],
    ])
    return text


def measure(args: argparse.Namespace, work: Path) -> Result:
    """Generate, run every gemeente, combine both ways, time the queries, serve."""
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    inputs = write_municipal_inputs(work / "input", gemeenten=args.gemeenten,
                                    signals_per_gemeente=args.signals_per_gemeente,
                                    addresses=args.addresses, seed=args.seed)
    generate_seconds = time.perf_counter() - start
    runs = []
    for gemeente in sorted(inputs.exports):
        print(f"gemeente {gemeente} ...", flush=True)
        runs.append(run_gemeente(inputs, gemeente, work / gemeente))
    published = [str(run.published) for run in runs]
    shared = work / "shared" / "gedeeld.duckdb"
    views = work / "shared" / "gedeeld_parquet.duckdb"
    parquet = work / "shared" / "parquet"
    env = {"WIJKSIGNAAL_MEMORY_LIMIT": "1GB"}
    combine = {
        "duckdb": run_measured(["combine", *published, "--published", str(shared)], env),
        "parquet": run_measured(["combine", *published, "--published", str(views),
                                 "--parquet", str(parquet)], env),
    }
    sizes = {"duckdb": shared.stat().st_size, "views": views.stat().st_size,
             "parquet": folder_bytes(parquet)}
    duck_data, parquet_data = PublishedData(shared), PublishedData(views)
    con = duckdb.connect(str(shared), read_only=True)
    try:
        domain, relations = read_checked(duck_data, con)
    finally:
        con.close()
    queries = {key: time_dashboard_queries(data, domain, args.rounds, random.Random(args.seed))
               for key, data in (("duckdb", duck_data), ("parquet", parquet_data))}
    pages = (*PAGES, f"/gebied/{runs[-1].gemeente}")
    served = {key: serve_and_check(path, work / f"gunicorn-{key}.log", args.workers, pages)
              for key, path in (("duckdb", shared), ("parquet", views))}
    return Result(runs, generate_seconds, combine, sizes, queries, served, relations,
                  sum(inputs.buurten.values()), (load_before, os.getloadavg()[0]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeenten", type=int, default=10,
                        help="gemeenten, each with its own installation (default 10)")
    parser.add_argument("--signals-per-gemeente", type=int, default=30_000)
    parser.add_argument("--addresses", type=int, default=9_000_000,
                        help="addresses in the national table every gemeente reads")
    parser.add_argument("--rounds", type=int, default=30, help="timed calls per query")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-docs", action="store_true",
                        help="print the tables only; leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    if args.gemeenten < 2 or args.rounds < 1:
        parser.error("--gemeenten must be at least 2 and --rounds at least 1")
    with tempfile.TemporaryDirectory(prefix="wijksignaal-multi-") as tmp:
        result = measure(args, Path(tmp))
        text = report(args, result)
    print(text)
    if not args.no_docs:
        write_section("benchmarks.md", "multi-municipality",
                      "## Multi-municipality deployment\n\n" + text)
    failed = (any(s.failures for s in result.served.values())
              or any(s.map_gemeenten != len(result.runs) for s in result.served.values())
              or result.sizes["duckdb"] >= TARGET_BYTES
              or not all(r.is_aggregate for r in result.relations))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
