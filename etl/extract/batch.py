"""The shape every signal reader hands to the transform step.

Readers differ in format, not in output: whatever the source, a delivery becomes an
``ExtractBatch`` with these columns, so validation, placement and loading are written once.
Address columns (postcode, huisnummer, toevoeging, coordinates) exist only in memory: the
transform step turns them into a buurt code and a keyed household hash and drops them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

#: Columns of the signals frame, all nullable; raw text unless noted.
SIGNAL_COLUMNS: tuple[str, ...] = (
    "source_row",  # int: line (CSV), sheet row (XLSX) or running index (JSON), 1-based
    "source_ref",  # where a person finds the row: "regel 17" or a JSON path
    "gemeentecode",  # CBS gemeente code the delivery is for, when the format says so
    "signal_id",
    "signaaldatum",
    "ontstaansdatum",
    "partner",
    "bedrag",
    "status",
    "is_crisis",  # bool
    "is_warme_overdracht",  # bool
    "postcode",
    "huisnummer",
    "toevoeging",
    "coord_x",  # float: longitude or RD x
    "coord_y",  # float: latitude or RD y
    "has_bsn",  # bool: the client was identified by BSN
    "bsn",  # only filled when a BSN -> address file is supplied; never loaded
    "reject_reason",  # set by the reader when the row itself is unusable
    "reject_detail",  # where/what, never a value from the row
)

CASE_COLUMNS: tuple[str, ...] = (
    "case_ref",  # unique within the delivery, e.g. "$.leveringen[0].vroegsignaalzaken[3]"
    "resultaat",
    "matchingsdatum",
    "datum_opgepakt",
    "startdatum_matchingperiode",
    "einddatum_matchingperiode",
    "reject_reason",
    "reject_detail",
)

CASE_SIGNAL_COLUMNS: tuple[str, ...] = ("case_ref", "signal_id")

CONTACT_COLUMNS: tuple[str, ...] = ("case_ref", "soort", "is_bereikt", "datum", "dagdeel")

_BOOL_COLUMNS = {"is_crisis", "is_warme_overdracht", "has_bsn", "is_bereikt"}
_FLOAT_COLUMNS = {"coord_x", "coord_y"}
_INT_COLUMNS = {"source_row"}


def _typed_frame(columns: tuple[str, ...], data: dict[str, list] | None = None) -> pd.DataFrame:
    data = data or {}
    n = len(next(iter(data.values()))) if data else 0
    out = {}
    for name in columns:
        values = data.get(name, [None] * n)
        if name in _BOOL_COLUMNS:
            out[name] = pd.array(values, dtype="boolean")
        elif name in _FLOAT_COLUMNS:
            out[name] = pd.array(values, dtype="Float64")
        elif name in _INT_COLUMNS:
            out[name] = pd.array(values, dtype="Int64")
        else:
            out[name] = pd.array(values, dtype="string")
    return pd.DataFrame(out, columns=list(columns))


def signal_frame(data: dict[str, list] | None = None) -> pd.DataFrame:
    """Build a signals frame with the contract's columns and dtypes from column lists."""
    return _typed_frame(SIGNAL_COLUMNS, data)


def case_frame(data: dict[str, list] | None = None) -> pd.DataFrame:
    """Build a cases frame with the contract's columns and dtypes."""
    return _typed_frame(CASE_COLUMNS, data)


def case_signal_frame(data: dict[str, list] | None = None) -> pd.DataFrame:
    """Build the case -> signal link frame."""
    return _typed_frame(CASE_SIGNAL_COLUMNS, data)


def contact_frame(data: dict[str, list] | None = None) -> pd.DataFrame:
    """Build a contact attempts frame."""
    return _typed_frame(CONTACT_COLUMNS, data)


@dataclass
class Delivery:
    """One delivery: a levering inside a DDAS file, or a whole CSV/XLSX export."""

    source_file: str  # file name only, never a directory that might name a person
    file_sha256: str
    source_format: str  # "ddas-json-0.9", "ddas-json-1.2", "csv", "xlsx"
    delivery_key: str  # identifies the same delivery when it is corrected and re-sent
    period_start: date | None = None
    period_end: date | None = None
    supplier: str | None = None


@dataclass
class ExtractBatch:
    """Everything a reader found in one delivery (or one chunk of a large delivery)."""

    delivery: Delivery
    signals: pd.DataFrame = field(default_factory=signal_frame)
    cases: pd.DataFrame = field(default_factory=case_frame)
    case_signals: pd.DataFrame = field(default_factory=case_signal_frame)
    contacts: pd.DataFrame = field(default_factory=contact_frame)
