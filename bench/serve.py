"""Run the product for measurement: the demo built through the real ETL, the dashboard under
gunicorn on a loopback port, headless Chromium. The tests start the server the same way."""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
#: The key only pseudonymises synthetic demo addresses; real runs take theirs from the
#: environment.
BENCH_HOUSEHOLD_KEY = "bench-only-household-key-" + "x" * 20


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running gunicorn serving the dashboard."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_gunicorn(published: Path, log_path: Path, extra_env: dict | None = None,
                   workers: int = 2) -> Server:
    """Start ``gunicorn dashboard.app:server`` on a free loopback port; wait for /healthz."""
    port = free_port()
    env = {**os.environ, "WIJKSIGNAAL_PUBLISHED": str(published), **(extra_env or {})}
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dashboard.app:server", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "120",
         "--access-logfile", "-"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + log_path.read_text())
        try:
            requests.get(url + "/healthz", timeout=2)
            return Server(url, process, log_path)
        except requests.RequestException:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("gunicorn did not start:\n" + log_path.read_text())


def stop_gunicorn(server: Server) -> None:
    """Stop the server and wait for it."""
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()


def find_chromium() -> str | None:
    """Debian's chromium, or WIJKSIGNAAL_CHROMIUM."""
    return os.environ.get("WIJKSIGNAAL_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")


def build_demo(folder: Path) -> Path:
    """Build the embedded demo through the ETL CLI into ``folder``; return the published file."""
    folder.mkdir(parents=True, exist_ok=True)
    published = folder / "published.duckdb"
    env = {**os.environ, "WIJKSIGNAAL_HOUSEHOLD_KEY": BENCH_HOUSEHOLD_KEY}
    subprocess.run([sys.executable, "-m", "etl", "demo", "--warehouse",
                    str(folder / "warehouse.duckdb"), "--published", str(published),
                    "--work-dir", str(folder / "input")],
                   cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
    return published


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; NaN for no values."""
    import numpy as np

    return float(np.percentile(values, q)) if values else float("nan")


def dashboard_arguments(description: str) -> argparse.ArgumentParser:
    """The options every dashboard benchmark shares: which data, and whether to write docs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--published", type=Path, help="published file (default: build demo)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--no-docs", action="store_true",
                        help="print the table only; leave docs/benchmarks.md alone")
    return parser


@contextmanager
def running_dashboard(published: Path | None, workers: int = 2
                      ) -> Iterator[tuple[Server, Path]]:
    """The dashboard under gunicorn on ``published`` (or on a fresh demo build)."""
    with tempfile.TemporaryDirectory(prefix="wijksignaal-bench-") as tmp:
        path = published or build_demo(Path(tmp) / "demo")
        server = start_gunicorn(path, Path(tmp) / "gunicorn.log", workers=workers)
        try:
            yield server, path
        finally:
            stop_gunicorn(server)
