"""A killed ETL run leaves the published file as it was, and the next run completes."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "WIJKSIGNAAL_HOUSEHOLD_KEY": "r" * 40, "WIJKSIGNAAL_LOG_LEVEL": "WARNING"}


def _etl(*args: str, wait: bool = True) -> subprocess.Popen | subprocess.CompletedProcess:
    command = [sys.executable, "-m", "etl", *args]
    if wait:
        return subprocess.run(command, cwd=REPO, env=ENV, capture_output=True, text=True)
    return subprocess.Popen(command, cwd=REPO, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def loaded(tmp_path, demo_build):
    """A warehouse with boundaries and two months of signals, published."""
    w, p = tmp_path / "w.duckdb", tmp_path / "p.duckdb"
    geodata = REPO / "geodata"
    result = _etl("geodata", "--buurten", str(geodata / "buurten_2022.geojson"), "--wijken",
                  str(geodata / "wijken_2022.geojson"), "--year", "2022",
                  "--warehouse", str(w), "--published", str(p))
    assert result.returncode == 0, result.stderr
    inputs = demo_build.work_dir
    lookup = next(inputs.glob("demo_pc6hnr*.csv"))
    deliveries = sorted(inputs.glob("demo_20*_ddas_*.json"))
    result = _etl("signals", *map(str, deliveries[:2]), "--lookup", str(lookup),
                  "--warehouse", str(w), "--published", str(p))
    assert result.returncode == 0, result.stderr
    return w, p, lookup, deliveries[2:]


def _published_months(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select count(distinct month) from signals_month_wijk").fetchone()[0]
    finally:
        con.close()


def _time_a_full_run(w: Path, p: Path, args: list[str], work: Path) -> float:
    """Seconds a complete run takes, on copies, so kills can land anywhere inside one."""
    work.mkdir()
    copies = {str(w): work / w.name, str(p): work / p.name}
    for original, copy in copies.items():
        copy.write_bytes(Path(original).read_bytes())
    start = time.perf_counter()
    result = _etl(*[str(copies.get(a, a)) for a in args])
    assert result.returncode == 0, result.stderr
    return time.perf_counter() - start


def test_killing_a_load_at_a_random_moment_leaves_the_previous_publication(loaded, tmp_path):
    w, p, lookup, rest = loaded
    before, months_before = _digest(p), _published_months(p)
    args = ["signals", *map(str, rest), "--lookup", str(lookup), "--warehouse", str(w),
            "--published", str(p)]
    duration = _time_a_full_run(w, p, args, tmp_path / "timing")
    rng = random.Random(20261123)
    killed = 0
    for _ in range(4):
        process = _etl(*args, wait=False)
        time.sleep(rng.uniform(0.05, 0.9) * duration)
        if process.poll() is not None:  # it finished first: nothing was killed
            break
        process.send_signal(signal.SIGKILL)
        process.wait()
        killed += 1
        assert _digest(p) == before, "the published file changed after a killed run"
        assert _published_months(p) == months_before
    assert killed, "every run finished before it could be killed"
    finished = _etl(*args)
    assert finished.returncode == 0, finished.stderr
    assert _published_months(p) > months_before
    assert not list(p.parent.glob(f".{p.name}.tmp-*")), "temp files were left behind"
