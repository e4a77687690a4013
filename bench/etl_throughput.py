"""ETL throughput on synthetic national-size data generated in the same run.

Writes a CBS-style address table (9 million addresses by default) and a municipal CSV export
of N signals, then times ``python -m etl signals`` end to end as a subprocess (reading the
address table, reading, validating, placing and pseudonymising the signals, loading, building
the models and analytics, disclosure control, publishing) and samples its peak RSS. The
baseline, in the same run: a pandas row loop with a dict lookup, doing the same per-signal
work (parse, normalise, look up the buurt, hash the household, count per buurt and month);
it runs on a sample and is extrapolated linearly. Two ratios are reported: end to end (ours
also builds the models, the analytics, disclosure control and the published file, which the
loop does not), and like for like: the loop against our stages that do the same work
(reading the address table, and reading, validating, placing, pseudonymising and loading the
signals), taken from the stage times in the ETL's own report.

Run: ``python -m bench.etl_throughput [--signals 1000000] [--gemeente '*']``; writes a
section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

import pandas as pd

from bench.etl_process import run_measured
from bench.national_data import write_address_table, write_signal_export
from bench.report import machine, markdown_table, write_section
from bench.serve import BENCH_HOUSEHOLD_KEY

BASELINE_SAMPLE = 50_000


def run_etl(export: Path, lookup: Path, work: Path, gemeente: str) -> dict:
    """Time the signals command; return seconds, peak RSS and its report."""
    run = run_measured(["signals", str(export), "--lookup", str(lookup),
                        "--warehouse", str(work / "warehouse.duckdb"),
                        "--published", str(work / "published.duckdb"),
                        "--report", str(work / "report.json")],
                       {"WIJKSIGNAAL_HOUSEHOLD_KEY": BENCH_HOUSEHOLD_KEY,
                        "WIJKSIGNAAL_GEMEENTE": gemeente})
    report = json.loads((work / "report.json").read_text())
    return {"seconds": run.seconds, "peak_rss": run.peak_rss, "report": report,
            "published_bytes": (work / "published.duckdb").stat().st_size}


def naive_baseline(export: Path, lookup: Path, sample: int) -> dict:
    """The obvious implementation: a dict of addresses and a Python loop over the rows."""
    start = time.perf_counter()
    table = pd.read_csv(lookup, sep=";", dtype=str)
    addresses = dict(zip(zip(table["PC6"], table["Huisnummer"].astype(int), strict=True),
                         table["Buurt2024"], strict=True))
    del table
    setup = time.perf_counter() - start
    rows = pd.read_csv(export, sep=";", dtype=str, nrows=sample)
    key = BENCH_HOUSEHOLD_KEY.encode()
    counts: Counter = Counter()
    households: dict = {}
    start = time.perf_counter()
    for _, row in rows.iterrows():
        _day, month, year = row["Datum signaal"].split("-")
        postcode = row["Postcode"].replace(" ", "").upper()
        number = int(row["Huisnummer"])
        float(row["Achterstand"].replace(".", "").replace(",", "."))
        buurt = addresses.get((postcode, number))
        if buurt is None:
            continue
        household = hmac.new(key, f"{postcode}|{number}".encode(), hashlib.sha256).hexdigest()
        cell = (buurt, f"{year}-{month}", row["Soort achterstand"])
        counts[cell] += 1
        households.setdefault(cell, set()).add(household)
    loop = time.perf_counter() - start
    return {"setup": setup, "per_row": loop / len(rows), "sample": len(rows)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--addresses", type=int, default=9_000_000)
    parser.add_argument("--gemeente", default="*", help="WIJKSIGNAAL_GEMEENTE for the run")
    parser.add_argument("--baseline-sample", type=int, default=BASELINE_SAMPLE)
    parser.add_argument("--no-docs", action="store_true",
                        help="print the table only; leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wijksignaal-etl-bench-") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        postcodes = write_address_table(work / "adressen.csv", args.addresses)
        export = write_signal_export(work / "signalen.csv", postcodes["pc6"], args.signals)
        generated = time.perf_counter() - start
        ours = run_etl(export, work / "adressen.csv", work, args.gemeente)
        naive = naive_baseline(export, work / "adressen.csv", args.baseline_sample)
    report = ours["report"]
    counted = report["rows_loaded"] + report["rows_duplicate"] + sum(
        report["rows_quarantined"].values())
    naive_total = naive["setup"] + naive["per_row"] * args.signals
    stages = report.get("stage_seconds", {})
    same_work = stages.get("read_lookup", 0.0) + stages.get("load_signals", 0.0)
    rows = [[f"{args.signals:,}", f"{args.addresses:,}", args.gemeente,
             f"{ours['seconds']:.1f} s", f"{args.signals / ours['seconds']:,.0f}",
             f"{ours['peak_rss'] / 2**30:.2f} GB",
             f"{ours['published_bytes'] / 2**20:.0f} MB",
             f"{naive_total:.0f} s", f"{naive_total / ours['seconds']:.1f}x",
             f"{same_work:.1f} s", f"{naive_total / same_work:.1f}x" if same_work else "-"]]
    stage_rows = [[name, f"{seconds:.1f} s", f"{seconds / ours['seconds']:.0%}"]
                  for name, seconds in stages.items()]
    text = (f"Measured {machine()}. Input generated in the same run ({generated:.0f} s, not "
            f"counted). End to end = `python -m etl signals` as a subprocess, from reading the "
            f"address table to the published file; peak RSS of the process (DuckDB memory "
            f"limit {os.environ.get('WIJKSIGNAAL_MEMORY_LIMIT', '1GB')}). Baseline: pandas "
            f"`iterrows` with a dict of all addresses (dict build {naive['setup']:.0f} s, loop "
            f"timed on {naive['sample']:,} rows and extrapolated). Rows read "
            f"{report['rows_read']:,} = loaded {report['rows_loaded']:,} + duplicate "
            f"{report['rows_duplicate']:,} + quarantined "
            f"{sum(report['rows_quarantined'].values()):,}.\n\n")
    text += markdown_table(["signals", "addresses", "gemeente", "end to end", "signals/s",
                            "peak RSS", "published file", "naive baseline",
                            "speed-up end to end", "same work as the loop",
                            "speed-up like for like"], rows)
    text += ("\n\nStages of the run (from the report's `stage_seconds`; the rest is Python "
             "start-up, imports and the commit). The address table is read in a background "
             "thread while the signals are parsed, checked and keyed, so its time is inside "
             "load_signals; read_lookup + load_signals is the wall time of both:\n\n")
    text += markdown_table(["stage", "seconds", "share"], stage_rows)
    print(text)
    if not args.no_docs:
        write_section("benchmarks.md", f"etl-throughput-{args.signals}",
                  f"## ETL throughput, {args.signals:,} signals\n\n" + text)
    return 0 if counted == report["rows_read"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
