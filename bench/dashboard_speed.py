"""Dashboard speed on the demo data, under gunicorn, as a browser experiences it.

Measures (1) the bytes a first visit to ``/`` transfers, in headless Chromium; (2) the time
and size of every callback, replaying the exact requests the browser sent, with the month
varied; (3) the baseline in the same run: the same map at the same level re-sent as a full
figure (what a level change does) against the colour-only Patch of a month change.
Times are loopback round trips, an upper bound of the server time.

Run: ``python -m bench.dashboard_speed [--published FILE] [--rounds N]``; writes a section
of docs/benchmarks.md.
"""

from __future__ import annotations

import copy
import random
import time
from pathlib import Path

import duckdb
import requests

from bench.browser_session import CALLBACK_PATH, Recording, choose, press_on, record
from bench.report import machine, markdown_table, write_section
from bench.serve import dashboard_arguments, percentile, running_dashboard

TARGET_P95_MS = 150
TARGET_MONTH_CHANGE_KB = 50
TARGET_FIRST_PAGE_MB = 2
MAP_FIGURE = "kaart-graph.figure"
MONTH_INPUTS = ("kaart-maand", "maand-maand")
PAGES_LOCATION = "_pages_location"


def _outputs(payload: dict) -> str:
    return payload["output"].strip(".").replace("...", " + ")


def with_input(payload: dict, component: str, value: object,
                changed: str | None = None) -> dict:
    body = copy.deepcopy(payload)
    for item in body["inputs"]:
        if item.get("id") == component:
            item["value"] = value
    if changed:
        body["changedPropIds"] = [changed]
    return body


def month_input(payload: dict, component: str) -> int | None:
    for item in payload["inputs"]:
        if item.get("id") == component:
            return item.get("value")
    return None


def replay(session: requests.Session, url: str, bodies: list[dict]) -> dict:
    """Post every body once; return latencies (ms), bytes transferred (compressed, as the
    browser accepts Brotli), uncompressed JSON bytes and failures."""
    times, sizes, raw, failures = [], [], [], 0
    for body in bodies:
        start = time.perf_counter()
        response = session.post(url + CALLBACK_PATH, json=body, timeout=60)
        times.append((time.perf_counter() - start) * 1000)
        raw.append(len(response.content))
        sizes.append(int(response.headers.get("Content-Length", len(response.content))))
        failures += response.status_code >= 400
    return {"times": times, "sizes": sizes, "raw": raw, "failures": failures}


def _mean_kb(sizes: list[int]) -> float:
    return sum(sizes) / len(sizes) / 1024 if sizes else float("nan")


def with_path(payload: dict, path: str) -> dict:
    """The page-routing callback's request for another path."""
    body = copy.deepcopy(payload)
    for item in body["inputs"]:
        if item.get("id") == PAGES_LOCATION and item.get("property") == "pathname":
            item["value"] = path
    return body


def vary(action: str, payload: dict, rounds: int, rng: random.Random,
         areas: list[str]) -> list[dict]:
    """``rounds`` copies of a recorded request, each for a random month (of the last two
    years) or, for an area page, a random buurt or wijk."""
    if action == "gebied: openen":
        return [with_path(payload, "/gebied/" + rng.choice(areas)) for _ in range(rounds)]
    for component in MONTH_INPUTS:
        latest = month_input(payload, component)
        if isinstance(latest, int):
            return [with_input(payload, component, rng.randint(max(0, latest - 23), latest))
                    for _ in range(rounds)]
    return [payload] * rounds


def area_codes(published: Path) -> list[str]:
    """Every buurt and wijk in the published file."""
    con = duckdb.connect(str(published), read_only=True)
    try:
        return [code for (code,) in con.execute(
            "select distinct area_code from area where area_level in ('buurt', 'wijk')"
        ).fetchall()]
    finally:
        con.close()


def record_session(url: str) -> Recording:
    """The user actions whose callbacks are measured."""
    return record(url, {
        "kaart: maand": ("/?niveau=buurt", press_on("#kaart-maand", "ArrowLeft")),
        "kaart: niveau": ("/?niveau=buurt", choose("#kaart-niveau", "wijk")),
        "maandoverzicht: maand": ("/maand", press_on("#maand-maand", "ArrowLeft")),
        "gebied: openen": ("/", lambda tab: tab.goto(url + "/gebied/BU00141000")),
        "nplv: openen": ("/", lambda tab: tab.goto(url + "/nplv")),
    })


def measure(url: str, rounds: int, areas: list[str], seed: int = 1
            ) -> tuple[list[list], dict]:
    """Replay every recorded callback ``rounds`` times; return table rows and the key figures."""
    rng = random.Random(seed)
    recording = record_session(url)
    session = requests.Session()
    rows: list[list] = []
    figures: dict = {"first_page_bytes": recording.first_page.bytes_transferred,
                     "first_page_requests": recording.first_page.requests}
    all_times: list[float] = []
    failures = 0
    for action, payloads in recording.actions.items():
        for payload in payloads:
            bodies = vary(action, payload, rounds, rng, areas)
            result = replay(session, url, bodies)
            failures += result["failures"]
            all_times += result["times"]
            rows.append([action, _outputs(payload)[:60], len(bodies),
                         f"{percentile(result['times'], 50):.0f}",
                         f"{percentile(result['times'], 95):.0f}",
                         f"{_mean_kb(result['sizes']):.1f}", f"{_mean_kb(result['raw']):.1f}"])
            if action == "kaart: maand" and MAP_FIGURE in payload["output"]:
                figures["month_change"] = result
                figures["month_payload"] = payload
    figures["all_p95"] = percentile(all_times, 95)
    figures["failures"] = failures
    level_payloads = [p for p in recording.actions["kaart: niveau"] if MAP_FIGURE in p["output"]]
    if level_payloads and "month_payload" in figures:
        # Baseline: the same buurt map re-sent whole, as a level change does.
        base = level_payloads[0]
        month = month_input(figures["month_payload"], "kaart-maand")
        full = with_input(with_input(base, "kaart-niveau", "buurt",
                                       changed="kaart-niveau.value"), "kaart-maand", month)
        figures["full_figure"] = replay(session, url, [full] * rounds)
    return rows, figures


def report(rows: list[list], figures: dict, rounds: int, workers: int = 2) -> str:
    month = figures.get("month_change")
    full = figures.get("full_figure")
    lines = [f"Measured {machine()}; demo data, gunicorn with {workers} workers on loopback, "
             f"{rounds} replays per callback with a random month (or, for area pages, a "
             f"random buurt or wijk).", ""]
    lines.append(markdown_table(
        ["action", "callback (outputs)", "n", "p50 ms", "p95 ms", "KB sent", "KB JSON"],
        rows))
    lines.append("")
    summary = [["first page load (`/`, Chromium, all requests)",
                f"{figures['first_page_bytes'] / 2**20:.2f} MB in "
                f"{figures['first_page_requests']} requests", f"< {TARGET_FIRST_PAGE_MB} MB"],
               ["p95 over all callbacks", f"{figures['all_p95']:.0f} ms",
                f"< {TARGET_P95_MS} ms"],
               ["failed callback requests", str(figures["failures"]), "0"]]
    if month and full:
        month_kb, full_kb = _mean_kb(month["sizes"]), _mean_kb(full["sizes"])
        summary += [
            ["month change at buurt level (colour-only Patch)",
             f"{month_kb:.1f} KB sent ({_mean_kb(month['raw']):.1f} KB JSON), "
             f"p95 {percentile(month['times'], 95):.0f} ms",
             f"< {TARGET_MONTH_CHANGE_KB} KB"],
            ["baseline: same map re-sent as a full figure",
             f"{full_kb:.1f} KB sent ({_mean_kb(full['raw']):.1f} KB JSON), "
             f"p95 {percentile(full['times'], 95):.0f} ms", ""],
            ["ratio full / Patch (bytes sent; p50 time)",
             f"{full_kb / month_kb:.1f}x; "
             f"{percentile(full['times'], 50) / percentile(month['times'], 50):.1f}x", ""],
        ]
    lines.append(markdown_table(["measure", "result", "target"], summary))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = dashboard_arguments(__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args(argv)
    with running_dashboard(args.published, args.workers) as (server, published):
        rows, figures = measure(server.url, args.rounds, area_codes(published))
    text = report(rows, figures, args.rounds, args.workers)
    print(text)
    if not args.no_docs:
        write_section("benchmarks.md", "dashboard-speed",
                      "## Dashboard speed (demo data)\n\n" + text)
    return 0 if figures["failures"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
