"""DuckDB query time of every published view at national size, against counting signal rows.

The dashboard promises answers from pre-aggregated tables, never from signal rows, so that
a national installation stays fast and its published file small. This measures that
promise on synthetic national data built in the same run through the real ETL
(:func:`bench.national_build.build_national`: boundaries, CBS figures and N signals for all
342 gemeenten, plus NPLV-style custom areas loaded with ``etl areas``):

- every ``sql/dashboard/*.sql`` query, through the dashboard's own read-only
  :class:`~dashboard.data.published.PublishedData`, with realistic random parameters
  (:mod:`bench.query_parameters`): rows returned, p50/p95 over the rounds after one warm-up;
- ``select *`` of each contract view and published table for one random month (the whole
  relation when it has no month);
- the baseline in the same run: the map's numbers (signals and distinct households per wijk
  for one month and partner type) counted from the warehouse's signal rows, by a pandas
  groupby on the rows held in memory and by DuckDB on the warehouse, against the published
  lookup; the numbers must agree wherever the published ones are shown;
- the published file's size against the 1 GB target, and a grain check: no published
  relation has a signal-level column (``household_key``, ``signal_key``, ``signal_id``) or
  more rows than areas x months x partner types x windows.

Run: ``python -m bench.published_queries [--signals 1000000] [--rounds 50]``, or on an
existing build ``--published FILE [--warehouse FILE]``; writes a section of
docs/benchmarks.md unless ``--no-docs``.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from bench.national_build import build_national, run_etl_command, select_gemeenten
from bench.national_custom_areas import write_custom_areas
from bench.query_parameters import (
    BENCH_SQL,
    LEVELS_TIMED_APART,
    PARAMETERS,
    Domain,
    check_coverage,
    dashboard_queries,
    read_domain,
)
from bench.report import machine, markdown_table, write_section
from bench.serve import percentile
from dashboard.data.published import PublishedData

TARGET_BYTES = 1_000_000_000
SIGNAL_GRAIN_COLUMNS = frozenset({"household_key", "signal_key", "signal_id"})
CONTRACT_VIEWS = ("signals_month_buurt", "signals_month_wijk", "funnel_month_wijk")
BASELINE_ROUNDS = 20


@dataclass
class Timing:
    """Rows returned and milliseconds of every timed call of one query."""

    name: str
    rows: list[int] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)

    def row_text(self) -> str:
        low, high = min(self.rows), max(self.rows)
        return f"{low:,}" if low == high else f"{low:,}-{high:,}"

    def cells(self) -> list[str]:
        return [self.row_text(), f"{percentile(self.ms, 50):.1f}",
                f"{percentile(self.ms, 95):.1f}"]


@dataclass
class Relation:
    """A published table or view, what it holds, and whether that is pre-aggregated."""

    name: str
    kind: str
    columns: list[str]
    rows: int
    signal_columns: list[str]
    within_bound: bool

    @property
    def is_aggregate(self) -> bool:
        return not self.signal_columns and self.within_bound


def bench_sql(name: str) -> str:
    """Text of ``sql/bench/<name>.sql``."""
    return (BENCH_SQL / f"{name}.sql").read_text(encoding="utf-8")


def build(work: Path, *, signals: int, addresses: int, gemeenten: int | None
          ) -> tuple[Path, Path, dict[str, float]]:
    """National inputs loaded through the ETL command line; the published file, the
    warehouse and the seconds each step took."""
    national = build_national(work, signals=signals, addresses=addresses, gemeenten=gemeenten)
    areas = write_custom_areas(work / "gebieden.csv", select_gemeenten(gemeenten))
    national.seconds["etl areas"] = run_etl_command(["areas", str(areas)], work)
    return national.published, work / "warehouse.duckdb", national.seconds


def time_dashboard_queries(data: PublishedData, domain: Domain, rounds: int,
                           rng: random.Random) -> list[Timing]:
    """Every dashboard query as the dashboard runs it, after one untimed warm-up each (and
    per level for the queries in :data:`LEVELS_TIMED_APART`)."""
    timings = []
    for name in dashboard_queries():
        for level in LEVELS_TIMED_APART.get(name, (None,)):
            fixed = {} if level is None else {"level": level}

            def draw(name: str = name, fixed: dict = fixed) -> dict:
                return {**PARAMETERS[name](domain, rng), **fixed}

            data.query(name, **draw())
            timing = Timing(name if level is None else f"{name} ({level})")
            for _ in range(rounds):
                params = draw()
                start = time.perf_counter()
                frame = data.query(name, **params)
                timing.ms.append((time.perf_counter() - start) * 1000)
                timing.rows.append(len(frame))
            timings.append(timing)
    return timings


def read_relations(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Every published table and view with its row count and the grain check's verdict."""
    bound = con.execute(bench_sql("grain_bound")).fetchone()[-1]
    relations = []
    for name, kind, columns in con.execute(bench_sql("published_relations")).fetchall():
        rows = con.execute(f'select count(*) from "{name}"').fetchone()[0]
        relations.append(Relation(
            name, "view" if kind == "VIEW" else "table", list(columns), rows,
            sorted(SIGNAL_GRAIN_COLUMNS & {c.lower() for c in columns}), rows <= bound))
    return relations


def read_checked(data: PublishedData, con: duckdb.DuckDBPyConnection
                 ) -> tuple[dict, list[Relation]]:
    """The parameter domain of the dashboard's queries and every published relation;
    stops when a dashboard query has no benchmark entry, so none goes unmeasured."""
    domain = read_domain(data, con)
    problems = check_coverage(domain)
    if problems:
        raise SystemExit("dashboard queries without a benchmark entry:\n" + "\n".join(problems))
    return domain, read_relations(con)


def scan_statement(relation: Relation) -> str:
    """``select *`` of one month, or of everything when the relation has no month."""
    where = " where month = $month" if "month" in relation.columns else ""
    return f'select * from "{relation.name}"{where}'


def time_scans(con: duckdb.DuckDBPyConnection, relations: list[Relation], domain: Domain,
               rounds: int, rng: random.Random) -> list[Timing]:
    """Plain reads of every contract view and published table, after one warm-up each."""
    timings = []
    for relation in relations:
        statement = scan_statement(relation)
        uses_month = "$month" in statement

        def run(statement: str = statement, uses_month: bool = uses_month) -> pd.DataFrame:
            params = {"month": domain.month(rng)} if uses_month else {}
            return con.execute(statement, params).fetchdf()

        run()
        timing = Timing(relation.name)
        for _ in range(rounds):
            start = time.perf_counter()
            frame = run()
            timing.ms.append((time.perf_counter() - start) * 1000)
            timing.rows.append(len(frame))
        timings.append(timing)
    return timings


def count_with_pandas(rows: pd.DataFrame, month: date, partner: str) -> pd.DataFrame:
    """The naive map numbers: filter the signal rows, group by wijk, count and distinct-count."""
    chosen = rows["month"] == pd.Timestamp(month)
    if partner != "Totaal":
        chosen &= rows["partner_type"] == partner
    return (rows[chosen].groupby("wijk_code")
            .agg(signals=("household_key", "size"), households=("household_key", "nunique"))
            .reset_index())


def disagreements(published: pd.DataFrame, counted: pd.DataFrame) -> int:
    """Published cells (not hidden) whose number differs from the count from signal rows."""
    both = published.merge(counted, on="wijk_code", how="left", suffixes=("", "_counted"))
    wrong = 0
    for column in ("signals", "households"):
        shown = both[column].notna()
        wrong += int((both.loc[shown, column].astype("int64")
                      != both.loc[shown, f"{column}_counted"].fillna(0).astype("int64")).sum())
    return wrong


def measure_baseline(warehouse: Path, con: duckdb.DuckDBPyConnection, domain: Domain,
                     rounds: int, rng: random.Random) -> dict:
    """The map's numbers from signal rows (pandas, DuckDB) and from the published lookup."""
    source = duckdb.connect(str(warehouse), read_only=True)
    try:
        start = time.perf_counter()
        rows = source.execute(bench_sql("signal_rows")).fetchdf()
        load_seconds = time.perf_counter() - start
        result = {"signal_rows": len(rows), "load_seconds": load_seconds,
                  "memory_bytes": int(rows.memory_usage(deep=True).sum()),
                  "pandas": [], "duckdb": [], "published": [], "disagreements": 0}
        for _ in range(rounds):
            params = {"month": domain.month(rng), "partner": domain.partner(rng)}
            start = time.perf_counter()
            counted = count_with_pandas(rows, params["month"], params["partner"])
            result["pandas"].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            source.execute(bench_sql("signals_per_wijk"), params).fetchdf()
            result["duckdb"].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            published = con.execute(bench_sql("published_signals_per_wijk"), params).fetchdf()
            result["published"].append((time.perf_counter() - start) * 1000)
            result["disagreements"] += disagreements(published, counted)
        return result
    finally:
        source.close()


def baseline_table(baseline: dict) -> str:
    """Per-request times of the three ways to the map's numbers, and their ratios."""
    published = percentile(baseline["published"], 50)
    rows = []
    for label, key in (("pandas groupby over signal rows in memory", "pandas"),
                       ("DuckDB group by over the warehouse's signal rows", "duckdb"),
                       ("published lookup (`signals_month_wijk`)", "published")):
        p50 = percentile(baseline[key], 50)
        rows.append([label, f"{p50:.1f}", f"{percentile(baseline[key], 95):.1f}",
                     f"{p50 / published:.1f}x"])
    return markdown_table(["signals and households per wijk, one month and partner type",
                           "p50 ms", "p95 ms", "vs published (p50)"], rows)


def report(args: argparse.Namespace, published: Path, seconds: dict[str, float],
           queries: list[Timing], scans: list[Timing], relations: list[Relation],
           baseline: dict | None, bound: tuple) -> str:
    """The docs section: how it was measured, then the tables."""
    size = published.stat().st_size
    source = (f"synthetic national data built in the same run ({args.signals:,} signals over "
              f"{args.addresses:,} addresses; " + ", ".join(
                  f"{step} {s:.0f} s" for step, s in seconds.items()) + ")"
              if seconds else f"the published file `{published.name}` given")
    text = (f"Measured {machine()}; {source}. Each query ran once to warm up, then "
            f"{args.rounds} times with random realistic parameters (months with data, the "
            f"levels and windows the pages offer, random areas of every level, 'Totaal' or a "
            f"partner type), in process through the dashboard's read-only `PublishedData` "
            f"(DuckDB time plus the conversion to a DataFrame). Rows: fewest-most returned.\n\n")
    text += markdown_table(["dashboard query (sql/dashboard)", "rows", "p50 ms", "p95 ms"],
                           [[f"`{t.name}`", *t.cells()] for t in queries])
    by_name = {r.name: r for r in relations}
    scan_rows = [[f"`{t.name}`", by_name[t.name].kind, f"{by_name[t.name].rows:,}",
                  "month" if "month" in by_name[t.name].columns else "all rows",
                  *t.cells()] for t in scans]
    text += ("\n\n`select *` of each contract view and published table, for one random month "
             "where it has a month column:\n\n")
    text += markdown_table(["relation", "type", "rows in file", "read", "rows", "p50 ms",
                            "p95 ms"], scan_rows)
    if baseline:
        text += (f"\n\nBaseline, same run: the map's numbers counted from the warehouse's "
                 f"{baseline['signal_rows']:,} signal rows on every request (pandas holds "
                 f"them in memory: {baseline['memory_bytes'] / 2**20:.0f} MB, loaded in "
                 f"{baseline['load_seconds']:.1f} s, not counted), {len(baseline['pandas'])} "
                 f"random month and partner type pairs. Published numbers that differ from "
                 f"the counted ones where shown: {baseline['disagreements']}.\n\n")
        text += baseline_table(baseline)
    areas, months, partner_types, windows, max_rows = bound
    signal_grain = [r.name for r in relations if not r.is_aggregate]
    largest = max(relations, key=lambda r: r.rows)
    text += "\n\n" + markdown_table(["measure", "result", "target"], [
        ["published file", f"{size / 1e6:.0f} MB ({size / TARGET_BYTES:.1%} of 1 GB)",
         "< 1 GB"],
        ["relations with a household_key/signal_key/signal_id column",
         ", ".join(r.name for r in relations if r.signal_columns) or "none", "none"],
        ["largest relation", f"`{largest.name}`: {largest.rows:,} rows", ""],
        ["row bound: areas x months x partner types x windows",
         f"{areas:,} x {months} x {partner_types} x {windows} = {max_rows:,}",
         "no relation above it"],
        ["relations above the bound or at signal grain", ", ".join(signal_grain) or "none",
         "none"],
    ])
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--addresses", type=int, default=9_000_000)
    parser.add_argument("--gemeenten", type=int,
                        help="only the first N gemeenten (small test runs; default all)")
    parser.add_argument("--rounds", type=int, default=50, help="timed calls per query")
    parser.add_argument("--published", type=Path, help="measure this file (skip the build)")
    parser.add_argument("--warehouse", type=Path,
                        help="its warehouse, for the baseline (with --published)")
    parser.add_argument("--seed", type=int, default=8, help="seed of the parameters")
    parser.add_argument("--no-docs", action="store_true",
                        help="print the tables only; leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="wijksignaal-published-bench-") as tmp:
        if args.published:
            published, warehouse, seconds = args.published, args.warehouse, {}
        else:
            published, warehouse, seconds = build(Path(tmp), signals=args.signals,
                                                  addresses=args.addresses,
                                                  gemeenten=args.gemeenten)
        data = PublishedData(published)
        con = duckdb.connect(str(published), read_only=True)
        try:
            domain, relations = read_checked(data, con)
            bound = con.execute(bench_sql("grain_bound")).fetchone()
            order = {name: i for i, name in enumerate(CONTRACT_VIEWS)}
            relations.sort(key=lambda r: (order.get(r.name, len(order)), r.name))
            queries = time_dashboard_queries(data, domain, args.rounds, rng)
            scans = time_scans(con, relations, domain, args.rounds, rng)
            baseline = (measure_baseline(warehouse, con, domain,
                                         min(args.rounds, BASELINE_ROUNDS), rng)
                        if warehouse else None)
        finally:
            con.close()
        text = report(args, published, seconds, queries, scans, relations, baseline, bound)
        size = published.stat().st_size
    print(text)
    print("grain check: " + "; ".join(
        f"{r.name} {r.rows:,} rows{'' if r.is_aggregate else ' SIGNAL GRAIN'}"
        for r in relations))
    if not args.no_docs:
        write_section("benchmarks.md", f"published-queries-{args.signals}",
                      f"## Published queries, {args.signals:,} signals\n\n" + text)
    failed = (size >= TARGET_BYTES or not all(r.is_aggregate for r in relations)
              or bool(baseline and baseline["disagreements"]))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
