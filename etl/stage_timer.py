"""Wall-clock seconds per ETL stage, kept in the load report.

The monthly run's operator sees where a slow run spent its time, and the benchmarks in
``bench/`` compare stages like for like instead of guessing from log timestamps.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)


@contextmanager
def timed_stage(stages: dict[str, float], name: str) -> Iterator[None]:
    """Add the seconds the ``with`` body takes to ``stages[name]`` (also when it fails)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds = time.perf_counter() - start
        stages[name] = round(stages.get(name, 0.0) + seconds, 3)
        log.info("stage %s: %.1f s", name, seconds)
