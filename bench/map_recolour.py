"""Map recolouring at national scale: the wijk map of all 3,393 wijken, on synthetic national
data built through the real ETL in the same run, served by gunicorn.

Replays the map callback's request as the browser sends it (built from the app's own
``/_dash-dependencies``) and measures, per map: a month change, which answers with a
colour-only Patch, and the baseline in the same run: the same map re-sent as a full figure
(what a level change does). Reports p50/p95 time on loopback (an upper bound of the server
time), bytes sent (Brotli, as browsers accept) and the uncompressed JSON, split by output;
besides, a month change while the table under the map is open, and the page that opens
the map. With ``--demo`` the Groningen buurt map of the demo is measured the same way.

Run: ``python -m bench.map_recolour [--signals 500000] [--rounds 50] [--demo]``; writes a
section of docs/benchmarks.md.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import requests

from bench.browser_session import CALLBACK_PATH
from bench.dashboard_speed import replay
from bench.national_build import build_national
from bench.report import machine, markdown_table, write_section
from bench.serve import REPO, dashboard_arguments, percentile, running_dashboard
from dashboard import ids

TARGET_MS = 300
TARGET_KB = 200
MAP_FIGURE = f"{ids.MAP_GRAPH}.figure"
PAGE_CONTENT = "_pages_content.children"
WARM_UP = 4
MONTHS_SQL = REPO / "sql" / "dashboard" / "shared__months.sql"


def callback_spec(url: str, output: str) -> dict:
    """The app's declaration of the callback that writes ``output``."""
    for spec in requests.get(url + "/_dash-dependencies", timeout=30).json():
        if output in spec["output"]:
            return spec
    raise LookupError(f"no callback writes {output}")


def callback_body(spec: dict, values: dict[str, object], changed: str) -> dict:
    """The request body dash-renderer posts when ``changed`` changes; ``values`` and
    ``changed`` name properties as ``id.property``."""
    outputs = [dict(zip(("id", "property"), item.rsplit(".", 1), strict=True))
               for item in spec["output"].strip(".").split("...")]

    def filled(items: list[dict]) -> list[dict]:
        return [{**item, "value": values[f"{item['id']}.{item['property']}"]}
                for item in items]

    return {"output": spec["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": filled(spec["inputs"]), "changedPropIds": [changed],
            "state": filled(spec["state"])}


def month_count(published: Path) -> int:
    """How many months the month slider offers, by the dashboard's own query."""
    con = duckdb.connect(str(published), read_only=True)
    try:
        return len(con.execute(MONTHS_SQL.read_text(encoding="utf-8")).fetchall())
    finally:
        con.close()


def output_sizes(answer: dict) -> dict[str, int]:
    """Uncompressed JSON bytes of each output in a callback's answer."""
    return {f"{component}.{prop}": len(json.dumps(value, separators=(",", ":")))
            for component, props in answer.get("response", {}).items()
            for prop, value in props.items()}


def drawn_areas(answer: dict) -> int:
    """Areas in a full map figure's answer (its value trace's locations)."""
    return len(answer["response"][ids.MAP_GRAPH]["figure"]["data"][1]["locations"])


MONTH = "month change (colour-only Patch)"
FULL = "baseline: full figure (level change)"
TABLE_OPEN = "month change with the table open"
PAGE = "open the page (layout with the map)"


@dataclass
class MapMeasure:
    """Replays of each kind of request for one map, and the JSON of each output."""

    map: str
    areas: int = 0
    results: dict[str, dict] = field(default_factory=dict)
    outputs: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.map} ({self.areas:,})"


def map_values(level: str, month: int, table_open: bool = False) -> dict[str, object]:
    """What the map's controls hold: ``level``, month index, default indicator and period,
    and whether the table under the map is open (closed on a fresh page)."""
    values = {ids.MAP_LEVEL: level, ids.MAP_MONTH: month, ids.MAP_WINDOW: 1,
              ids.MAP_INDICATOR: "signalen", ids.MAP_PARTNER: "Zorg",
              ids.MAP_COLOUR_MODE: "waarde"}
    return {**{f"{component}.value": value for component, value in values.items()},
            f"{ids.MAP_TABLE}.hidden": not table_open,
            # The geometry the page drew; None leaves the choice between a Patch and a
            # redraw to the trigger, as for a map of a single boundary year.
            f"{ids.MAP_DRAWN}.data": None}


def measure_map(url: str, name: str, level: str, months: int, rounds: int,
                seed: int = 1) -> MapMeasure:
    """Replay month changes (Patch), full redraws and month changes with the table open
    ``rounds`` times each for random months, and the page itself a fifth as often, after
    a few unmeasured rounds that warm the workers."""
    rng = random.Random(seed)
    session = requests.Session()
    spec = callback_spec(url, MAP_FIGURE)

    def bodies(changed: str, table_open: bool = False) -> list[dict]:
        return [callback_body(spec, map_values(level, rng.randrange(months), table_open),
                              changed) for _ in range(rounds)]

    page = callback_body(callback_spec(url, PAGE_CONTENT),
                         {"_pages_location.pathname": "/",
                          "_pages_location.search": f"?niveau={level}"},
                         "_pages_location.pathname")
    kinds = {MONTH: bodies(f"{ids.MAP_MONTH}.value"), FULL: bodies(f"{ids.MAP_LEVEL}.value"),
             TABLE_OPEN: bodies(f"{ids.MAP_MONTH}.value", table_open=True),
             PAGE: [page] * max(2, rounds // 5)}
    replay(session, url, [body[0] for body in kinds.values()] * WARM_UP)
    measure = MapMeasure(name)
    for kind, kind_bodies in kinds.items():
        measure.results[kind] = replay(session, url, kind_bodies)
        answer = session.post(url + CALLBACK_PATH, json=kind_bodies[0], timeout=60).json()
        measure.outputs[kind] = output_sizes(answer)
        if kind == FULL:
            measure.areas = drawn_areas(answer)
    return measure


def _kb(sizes: list[int]) -> float:
    return statistics.fmean(sizes) / 1024 if sizes else float("nan")


def _split(outputs: dict[str, int]) -> str:
    return ", ".join(f"{key.split('.')[0]} {size / 1024:.1f}" for key, size
                     in sorted(outputs.items(), key=lambda item: -item[1]) if size >= 512)


def failures(measures: list[MapMeasure]) -> int:
    """Failed requests over every measured map."""
    return sum(result["failures"] for m in measures for result in m.results.values())


def report(measures: list[MapMeasure], rounds: int, workers: int, built: str) -> str:
    """The section for docs/benchmarks.md: every request kind, JSON per output, targets."""
    rows = [[m.name, kind, len(r["times"]), f"{percentile(r['times'], 50):.0f}",
             f"{percentile(r['times'], 95):.0f}", f"{_kb(r['sizes']):.1f}",
             f"{_kb(r['raw']):.1f}"] for m in measures for kind, r in m.results.items()]
    splits = [[m.name, kind, _split(outputs)] for m in measures
              for kind, outputs in m.outputs.items()]
    lines = [f"Measured {machine()}; {built}; gunicorn with {workers} workers on loopback; "
             f"{rounds} replays per request with a random month (the page: a fifth as "
             f"many), after {WARM_UP} unmeasured rounds. Times are loopback round trips (an "
             f"upper bound of the server time); KB sent is the Brotli-compressed body a "
             f"browser receives, KB JSON the body before compression.", "",
             markdown_table(["map", "request", "n", "p50 ms", "p95 ms", "KB sent", "KB JSON"],
                            rows), "",
             "JSON per output (KB; outputs under 0.5 KB left out):", "",
             markdown_table(["map", "request", "outputs"], splits), ""]
    national = measures[0]
    month, full = national.results[MONTH], national.results[FULL]
    summary = [
        [f"{national.name}: month change, p95 time", f"{percentile(month['times'], 95):.0f} ms",
         f"< {TARGET_MS} ms"],
        [f"{national.name}: month change, bytes per update",
         f"{_kb(month['sizes']):.1f} KB sent ({_kb(month['raw']):.1f} KB JSON)",
         f"< {TARGET_KB} KB"],
        ["ratio full figure / Patch (bytes sent; JSON; p50 time)",
         f"{_kb(full['sizes']) / _kb(month['sizes']):.1f}x; "
         f"{_kb(full['raw']) / _kb(month['raw']):.1f}x; "
         f"{percentile(full['times'], 50) / percentile(month['times'], 50):.1f}x", ""],
        ["failed requests", str(failures(measures)), "0"],
    ]
    lines.append(markdown_table(["measure", "result", "target"], summary))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = dashboard_arguments(__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=500_000)
    parser.add_argument("--addresses", type=int, default=2_000_000)
    parser.add_argument("--gemeenten", type=int, help="only the first N gemeenten (tests)")
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--level", default="wijk", help="map level to measure nationally")
    parser.add_argument("--demo", action="store_true",
                        help="also measure the Groningen buurt map of the demo")
    args = parser.parse_args(argv)
    measures = []
    with tempfile.TemporaryDirectory(prefix="wijksignaal-map-bench-") as tmp:
        published = args.published
        if published is None:
            build = build_national(Path(tmp), signals=args.signals, addresses=args.addresses,
                                   gemeenten=args.gemeenten)
            published = build.published
            built = (f"synthetic national data built in the same run ({build.signals:,} "
                     f"signals, {build.buurten:,} buurten in {build.wijken:,} wijken; "
                     f"boundaries, CBS figures and signals loaded by `python -m etl` in "
                     f"{sum(build.seconds.values()):.0f} s)")
        else:
            built = f"published file {published.name}"
        with running_dashboard(published, args.workers) as (server, _):
            measures.append(measure_map(server.url, f"national {args.level}en", args.level,
                                        month_count(published), args.rounds))
    if args.demo:
        with running_dashboard(None, args.workers) as (server, demo):
            measures.append(measure_map(server.url, "Groningen buurten", "buurt",
                                        month_count(demo), args.rounds))
    text = report(measures, args.rounds, args.workers, built)
    print(text)
    if not args.no_docs:
        write_section("benchmarks.md", "map-recolour",
                      "## Map recolouring at national scale\n\n" + text)
    return 0 if failures(measures) == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
