"""Run one ``python -m etl`` command as its own process, timed, with its peak memory.

The ETL benchmarks measure the command an operator runs, start-up included, so they run it
as a subprocess and sample its resident memory from outside.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import psutil

from bench.serve import REPO


class PeakRss:
    """Samples the resident memory of a process and its children every 50 ms."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.is_set():
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            self._done.wait(0.05)

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak


@dataclass
class CommandRun:
    """One ``python -m etl`` command: seconds and peak resident memory."""

    command: str
    seconds: float
    peak_rss: int


def run_measured(arguments: list[str], env: dict[str, str]) -> CommandRun:
    """Run ``python -m etl ARGUMENTS`` with ``env`` added to the environment; time it and
    sample its peak RSS. A failing command raises with the end of its error output."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "etl", *arguments], cwd=REPO,
                               env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    sampler = PeakRss(process.pid)
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    peak = sampler.stop()
    if process.returncode != 0:
        raise RuntimeError(f"etl {arguments[0]} failed ({process.returncode}): "
                           f"{stderr[-2000:]}")
    return CommandRun(arguments[0], seconds, peak)
