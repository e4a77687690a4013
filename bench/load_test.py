"""Load test on loopback: 20 simulated users for 60 s switching months, levels and areas.

Each user replays the callback requests a real browser sends (recorded once in headless
Chromium), with a random month or area each time, against gunicorn on 127.0.0.1. Counts
every request that fails (connection error or HTTP status >= 400) and reports latency
percentiles. The load generator shares the machine's cores with the server, so the numbers
are conservative.

Run: ``python -m bench.load_test [--published FILE] [--users 20] [--seconds 60]``; writes a
section of docs/benchmarks.md and exits non-zero when any request failed.
"""

from __future__ import annotations

import random
import threading
import time

import requests

from bench.browser_session import CALLBACK_PATH
from bench.dashboard_speed import area_codes, record_session, vary
from bench.report import machine, markdown_table, write_section
from bench.serve import dashboard_arguments, percentile, running_dashboard


class Workload:
    """Random requests a user makes, built from the recorded ones."""

    def __init__(self, actions: dict[str, list[dict]], areas: list[str]) -> None:
        self.actions = {name: payloads for name, payloads in actions.items() if payloads}
        self.areas = areas

    def next_request(self, rng: random.Random) -> tuple[str, dict]:
        name = rng.choice(sorted(self.actions))
        payload = rng.choice(self.actions[name])
        return name, vary(name, payload, 1, rng, self.areas)[0]


def run_users(url: str, workload: Workload, users: int, seconds: float) -> dict:
    """Run ``users`` threads for ``seconds``; collect latencies and failures."""
    times: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def user(seed: int) -> None:
        rng = random.Random(seed)
        session = requests.Session()
        while time.monotonic() < stop_at:
            name, body = workload.next_request(rng)
            start = time.perf_counter()
            try:
                response = session.post(url + CALLBACK_PATH, json=body, timeout=30)
                failed = f"{name}: HTTP {response.status_code}" \
                    if response.status_code >= 400 else None
            except requests.RequestException as exc:
                failed = f"{name}: {type(exc).__name__}"
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                times.append(elapsed)
                if failed:
                    failures.append(failed)

    threads = [threading.Thread(target=user, args=(seed,)) for seed in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"times": times, "failures": failures, "elapsed": time.monotonic() - started}


def report(result: dict, users: int, seconds: float, workers: int) -> str:
    times = result["times"]
    rows = [[users, f"{seconds:.0f} s", workers, len(times),
             f"{len(times) / result['elapsed']:.1f}",
             f"{percentile(times, 50):.0f}", f"{percentile(times, 95):.0f}",
             f"{percentile(times, 99):.0f}", f"{max(times):.0f}" if times else "-",
             len(result["failures"])]]
    text = (f"Measured {machine()}; demo data; gunicorn with {workers} sync workers on "
            f"loopback; users switch months on the map and in the Maandoverzicht, switch "
            f"level, and open area pages and Groningen-Noord, without think time.\n\n")
    text += markdown_table(["users", "duration", "workers", "requests", "req/s", "p50 ms",
                            "p95 ms", "p99 ms", "max ms", "errors"], rows)
    if result["failures"]:
        text += "\n\nFailures: " + ", ".join(sorted(set(result["failures"])))
    return text


def main(argv: list[str] | None = None) -> int:
    parser = dashboard_arguments(__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args(argv)
    with running_dashboard(args.published, args.workers) as (server, published):
        recording = record_session(server.url)
        workload = Workload(recording.actions, area_codes(published))
        result = run_users(server.url, workload, args.users, args.seconds)
    text = report(result, args.users, args.seconds, args.workers)
    print(text)
    if not args.no_docs:
        write_section("benchmarks.md", "load-test", "## Load test\n\n" + text)
    return 0 if not result["failures"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
