"""ETL settings, read from the environment once, so secrets never sit in files or arguments.

Every setting is declared here with its default and help text; a test checks that each one
is documented in the README.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Setting:
    """One environment variable the ETL understands."""

    name: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "WIJKSIGNAAL_HOUSEHOLD_KEY",
        None,
        "Secret for the HMAC-SHA256 household key (at least 32 characters). Required for "
        "`etl signals`; never stored. The demo uses a random key per run when unset.",
    ),
    Setting(
        "WIJKSIGNAAL_GEMEENTE",
        "GM0014",
        "CBS code of the gemeente this installation serves; signals elsewhere are quarantined. "
        "`*` serves every gemeente (a national installation).",
    ),
    Setting(
        "WIJKSIGNAAL_DISCLOSURE_THRESHOLD",
        "5",
        "Counts below this number are suppressed in everything that is published.",
    ),
    Setting(
        "WIJKSIGNAAL_MIN_HOUSEHOLDS",
        "100",
        "Rates are only published for areas with at least this many households (CBS rule).",
    ),
    Setting(
        "WIJKSIGNAAL_EARLIEST_SIGNAL_DATE",
        "2015-01-01",
        "Signals dated before this day are quarantined as implausible.",
    ),
    Setting(
        "WIJKSIGNAAL_MAX_AMOUNT",
        "250000",
        "Arrears above this many euros are quarantined as absurd.",
    ),
    Setting(
        "WIJKSIGNAAL_RISE_FDR",
        "0.05",
        "False discovery rate for the 'unusual rise' and 'possibly under-reached' flags "
        "(Benjamini-Hochberg, per level and month).",
    ),
    Setting(
        "WIJKSIGNAAL_MEMORY_LIMIT",
        "1GB",
        "Memory DuckDB may use for the warehouse during an ETL run (DuckDB units: `1GB`, "
        "`1500MB`); beyond it DuckDB spills to a folder beside the warehouse. The address "
        "table held in Python comes on top (about 0.3 GB for the national table).",
    ),
    Setting(
        "WIJKSIGNAAL_LOG_LEVEL",
        "INFO",
        "Log level of the ETL command line (DEBUG, INFO, WARNING).",
    ),
)

MIN_HOUSEHOLD_KEY_LENGTH = 32


@dataclass(frozen=True)
class EtlSettings:
    """The ETL's configuration as typed values."""

    household_key: bytes | None
    gemeente: str
    disclosure_threshold: int
    min_households: int
    earliest_signal_date: date
    max_amount: float
    rise_fdr: float
    log_level: str
    memory_limit: str = "1GB"


def read_settings(environ: Mapping[str, str] | None = None) -> EtlSettings:
    """Read all ETL settings from the environment (or a given mapping, for tests).

    Parameters
    ----------
    environ
        Mapping to read instead of ``os.environ``.

    Returns
    -------
    EtlSettings
        Typed settings; missing values fall back to the declared defaults.
    """
    env = os.environ if environ is None else environ
    values = {s.name: env.get(s.name, s.default) for s in SETTINGS}
    key = values["WIJKSIGNAAL_HOUSEHOLD_KEY"]
    return EtlSettings(
        household_key=key.encode("utf-8") if key else None,
        gemeente=str(values["WIJKSIGNAAL_GEMEENTE"]).upper(),
        disclosure_threshold=int(values["WIJKSIGNAAL_DISCLOSURE_THRESHOLD"]),
        min_households=int(values["WIJKSIGNAAL_MIN_HOUSEHOLDS"]),
        earliest_signal_date=date.fromisoformat(values["WIJKSIGNAAL_EARLIEST_SIGNAL_DATE"]),
        max_amount=float(values["WIJKSIGNAAL_MAX_AMOUNT"]),
        rise_fdr=float(values["WIJKSIGNAAL_RISE_FDR"]),
        log_level=str(values["WIJKSIGNAAL_LOG_LEVEL"]).upper(),
        memory_limit=str(values["WIJKSIGNAAL_MEMORY_LIMIT"]),
    )
