"""Dashboard settings, read from the environment once (also under gunicorn).

Every setting is declared here with its default and help text; a test checks that each one
is documented in the README.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    """One environment variable the dashboard understands."""

    name: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("WIJKSIGNAAL_PUBLISHED", "data/published.duckdb",
            "Path of the published DuckDB file the dashboard reads (read-only)."),
)


@dataclass(frozen=True)
class DashboardSettings:
    """The dashboard's configuration as typed values."""

    published: Path


def read_settings(environ: Mapping[str, str] | None = None) -> DashboardSettings:
    """Read all dashboard settings from the environment (or a given mapping, for tests).

    Parameters
    ----------
    environ
        Mapping to read instead of ``os.environ``.

    Returns
    -------
    DashboardSettings
        Typed settings with the declared defaults filled in.
    """
    env = os.environ if environ is None else environ
    values = {s.name: env.get(s.name, s.default) for s in SETTINGS}
    return DashboardSettings(
        published=Path(str(values["WIJKSIGNAAL_PUBLISHED"])),
    )
