"""Replace addresses and signal IDs by keyed hashes before anything is stored.

The household key lets the warehouse count distinct households and repeat signals without
holding an address; the key (``WIJKSIGNAAL_HOUSEHOLD_KEY``) lives only in the environment,
so the hashes cannot be reversed by trying all Dutch addresses.
"""

from __future__ import annotations

import hashlib

import duckdb
import pandas as pd

from etl.sqlfiles import read_sql

_BLOCK = 64  # SHA-256 block size in bytes


def _key_blocks(key: bytes) -> tuple[bytes, bytes]:
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    padded = key.ljust(_BLOCK, b"\0")
    inner = bytes(b ^ 0x36 for b in padded)
    outer = bytes(b ^ 0x5C for b in padded)
    return inner, outer


def hash_values(values: pd.Series, key: bytes) -> pd.Series:
    """HMAC-SHA256 every value (first 128 bits, hex); NA stays NA.

    Parameters
    ----------
    values
        Text to hash.
    key
        The secret key.

    Returns
    -------
    pandas.Series
        32-character hex digests aligned with ``values``.
    """
    if len(values) == 0:
        return pd.Series([], index=values.index, dtype="string")
    inner, outer = _key_blocks(key)
    rows = pd.DataFrame({"value": values.astype("string").to_numpy()})
    con = duckdb.connect(":memory:")
    con.execute("set enable_progress_bar = false")
    try:
        con.register("hmac_input_rows", rows)
        result = con.execute(
            read_sql("transform/hmac_sha256.sql"),
            {"inner_key_block": inner, "outer_key_block": outer},
        ).fetchdf()
    finally:
        con.close()
    return pd.Series(result["digest"].to_numpy(), index=values.index, dtype="string")


def household_addresses(placement: pd.DataFrame, x: pd.Series, y: pd.Series) -> pd.Series:
    """The normalised text that identifies a household: address, else rounded coordinates,
    else the postcode alone (a signal placed by PC6 without a house number)."""
    address = (
        placement["pc6"] + "|" + placement["huisnummer_norm"].astype("string") + "|"
        + placement["toevoeging_norm"].fillna("")
    )
    coords = "xy|" + x.astype("Float64").round(4).astype("string") + "|" + \
        y.astype("Float64").round(4).astype("string")
    return address.fillna(coords).fillna("pc6|" + placement["pc6"]).astype("string")


def pseudonymise_signals(
    signals: pd.DataFrame, placement: pd.DataFrame, key: bytes
) -> pd.DataFrame:
    """Household keys and signal keys for a batch; the address text is not returned.

    Signals without an ID (common in CSV exports) get one derived from partner, date,
    address and amount, so the same export loaded twice is still recognised.

    Parameters
    ----------
    signals
        Extracted signals (``signal_id``, ``partner``, ``signaaldatum``, ``bedrag``,
        coordinates).
    placement
        Output of :func:`etl.transform.place_in_buurt.place_in_buurt` for the same rows.
    key
        The household key secret.

    Returns
    -------
    pandas.DataFrame
        ``household_key``, ``signal_key`` and ``is_derived_id`` aligned with ``signals``.
    """
    address = household_addresses(placement, signals["coord_x"], signals["coord_y"])
    given_id = signals["signal_id"].astype("string").str.strip()
    given_id = given_id.where(given_id != "")
    derived_text = (
        "afgeleid|" + signals["partner"].fillna("").str.lower() + "|"
        + signals["signaaldatum"].fillna("") + "|" + address.fillna("") + "|"
        + signals["bedrag"].fillna("")
    )
    id_text = ("id|" + given_id).fillna(derived_text)
    both = hash_values(pd.concat([address, id_text], ignore_index=True), key)
    n = len(signals)
    return pd.DataFrame(
        {
            "household_key": both.iloc[:n].to_numpy(),
            "signal_key": both.iloc[n:].to_numpy(),
            "is_derived_id": given_id.isna().to_numpy(),
        },
        index=signals.index,
    ).astype({"household_key": "string", "signal_key": "string", "is_derived_id": "boolean"})


def pseudonymise_ids(ids: pd.Series, key: bytes) -> pd.Series:
    """Signal keys for IDs referenced elsewhere (cases), hashed exactly like the signals."""
    text = ids.astype("string").str.strip()
    return hash_values("id|" + text.where(text != ""), key)
