"""Turn one extracted batch into rows safe to store and rows to quarantine.

This is the privacy door: what leaves this module holds no address, BSN or name, only a
buurt code and keyed hashes.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import pyarrow as pa

from etl.transform.fill_from_brp import fill_addresses_from_brp
from etl.transform.place_in_buurt import (
    AddressLookup,
    normalise_signal_addresses,
    place_in_buurt,
)
from etl.transform.pseudonymise import pseudonymise_signals
from etl.transform.validate import ValidationRules, flag_invalid_signals, parse_signal_fields

LOADABLE_COLUMNS: tuple[str, ...] = (
    "signal_key",
    "is_derived_id",
    "source_row",
    "signaaldatum",
    "ontstaansdatum",
    "partner_type",
    "bedrag",
    "status",
    "is_crisis",
    "is_warme_overdracht",
    "buurt_code",
    "placement_method",
    "household_key",
)
QUARANTINE_COLUMNS: tuple[str, ...] = ("source_row", "source_ref", "signal_key", "reason", "detail")


@dataclass
class PreparedSignals:
    """A batch split into storable rows and quarantined rows (both without personal data)."""

    loadable: pd.DataFrame
    quarantined: pd.DataFrame


@dataclass
class KeyedSignals:
    """A batch parsed, checked and keyed, waiting for the address table to place it."""

    signals: pd.DataFrame
    parsed: pd.DataFrame
    reason: pd.Series
    detail: pd.Series
    addresses: pd.DataFrame  # normalised, see normalise_signal_addresses
    keys: pd.DataFrame  # household_key, signal_key, is_derived_id


def prepare_signals(
    signals: pd.DataFrame,
    *,
    lookup: AddressLookup,
    rules: ValidationRules,
    key: bytes,
    buurten: gpd.GeoDataFrame | None = None,
    brp: pd.DataFrame | None = None,
) -> PreparedSignals:
    """Validate, place and pseudonymise a batch of extracted signals.

    Parameters
    ----------
    signals
        One batch from a reader (columns of :data:`etl.extract.batch.SIGNAL_COLUMNS`).
    lookup
        Address table for placement.
    rules
        Plausibility limits and the gemeente served.
    key
        Secret for the household and signal keys.
    buurten
        Buurt polygons for the coordinate fallback.
    brp
        Optional BSN -> address extract for BSN-only signals.

    Returns
    -------
    PreparedSignals
        ``loadable`` (columns :data:`LOADABLE_COLUMNS`) and ``quarantined`` (columns
        :data:`QUARANTINE_COLUMNS`); together exactly the input rows.
    """
    keyed = check_and_key_signals(signals, rules=rules, key=key, brp=brp)
    return place_signals(keyed, lookup=lookup, gemeente_code=rules.gemeente_code,
                         buurten=buurten)


def check_and_key_signals(
    signals: pd.DataFrame,
    *,
    rules: ValidationRules,
    key: bytes,
    brp: pd.DataFrame | None = None,
) -> KeyedSignals:
    """Everything :func:`prepare_signals` does that needs no address table: parse, check,
    normalise the address and key the household. A load does this while the table is read.
    """
    signals = fill_addresses_from_brp(signals, brp)
    addresses = normalise_signal_addresses(signals)
    # polars-hash hashes without holding the GIL: parsing and checking run meanwhile. Both only
    # read the batch.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="huishoudsleutel") as hasher:
        hashing = hasher.submit(pseudonymise_signals, signals, addresses, key)
        parsed = parse_signal_fields(signals)
        reason, detail = flag_invalid_signals(signals, parsed, rules)
        keys = hashing.result()
    return KeyedSignals(signals, parsed, reason, detail, addresses, keys)


def place_signals(
    keyed: KeyedSignals,
    *,
    lookup: AddressLookup,
    gemeente_code: str,
    buurten: gpd.GeoDataFrame | None = None,
) -> PreparedSignals:
    """Place a keyed batch in its buurten and split it into loadable and quarantined rows."""
    signals, parsed, reason = keyed.signals, keyed.parsed, keyed.reason.copy()
    placement = place_in_buurt(signals, lookup, gemeente_code, buurten,
                               normalised=keyed.addresses)
    placement_failed = reason.isna() & placement["placement_reason"].notna()
    reason[placement_failed] = placement.loc[placement_failed, "placement_reason"]
    keys = keyed.keys

    rows = pd.DataFrame(
        {
            "signal_key": keys["signal_key"],
            "is_derived_id": keys["is_derived_id"],
            "source_row": signals["source_row"].astype("Int64"),
            "source_ref": signals["source_ref"].astype("string"),
            "signaaldatum": _as_dates(parsed["signaaldatum"]),
            "ontstaansdatum": _as_dates(parsed["ontstaansdatum"]),
            "partner_type": parsed["partner_type"],
            "bedrag": parsed["bedrag"],
            "status": parsed["status"],
            "is_crisis": parsed["is_crisis"],
            "is_warme_overdracht": parsed["is_warme_overdracht"],
            "buurt_code": placement["buurt_code"],
            "placement_method": placement["placement_method"],
            "household_key": keys["household_key"],
            "reason": reason,
            "detail": keyed.detail,
        },
        index=signals.index,
    )
    bad = rows["reason"].notna()
    loadable = rows.loc[~bad, list(LOADABLE_COLUMNS)].reset_index(drop=True)
    quarantined = rows.loc[bad, list(QUARANTINE_COLUMNS)].reset_index(drop=True)
    return PreparedSignals(loadable=loadable, quarantined=quarantined)


def _as_dates(values: pd.Series) -> pd.arrays.ArrowExtensionArray:
    """Calendar dates as an Arrow column: no Python date object per row on the way to
    DuckDB, while single values still read as :class:`datetime.date`."""
    return pd.arrays.ArrowExtensionArray(
        pa.array(values.to_numpy(dtype="datetime64[ns]"), pa.timestamp("ns"),
                 from_pandas=True).cast(pa.date32()))
