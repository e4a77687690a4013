"""Turn one extracted batch into rows safe to store and rows to quarantine.

This is the privacy door: what leaves this module holds no address, BSN or name, only a
buurt code and keyed hashes.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import pyarrow as pa

from etl.transform.fill_from_brp import fill_addresses_from_brp
from etl.transform.place_in_buurt import AddressLookup, place_in_buurt
from etl.transform.pseudonymise import pseudonymise_signals
from etl.transform.validate import ValidationRules, flag_invalid_signals, parse_signal_fields

LOADABLE_COLUMNS: tuple[str, ...] = (
    "signal_key",
    "is_derived_id",
    "source_row",
    "source_ref",
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
    signals = fill_addresses_from_brp(signals, brp)
    parsed = parse_signal_fields(signals)
    reason, detail = flag_invalid_signals(signals, parsed, rules)
    placement = place_in_buurt(signals, lookup, rules.gemeente_code, buurten)
    placement_failed = reason.isna() & placement["placement_reason"].notna()
    reason[placement_failed] = placement.loc[placement_failed, "placement_reason"]
    keys = pseudonymise_signals(signals, placement, key)

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
            "detail": detail,
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
