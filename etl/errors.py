"""The one exception type the ETL raises for bad input, so the CLI can print one clear line."""

from __future__ import annotations

from pathlib import Path


class EtlError(Exception):
    """A fatal problem with one input, phrased for the person who delivered it.

    The message names the file and the problem, and never contains a value from a personal
    field: it ends up on the terminal and in logs.
    """

    def __init__(self, problem: str, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}" if self.path else problem)
