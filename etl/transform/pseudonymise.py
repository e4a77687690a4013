"""Replace addresses and signal IDs by keyed hashes before anything is stored.

The household key lets the warehouse count distinct households and repeat signals without
holding an address; the key (``WIJKSIGNAAL_HOUSEHOLD_KEY``) lives only in the environment,
so the hashes cannot be reversed by trying all Dutch addresses.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.transform.keyed_hash import (
    DIGEST_HEX,
    PARALLEL_FROM,
    hmac_hex_parts,
    key_blocks,
    worker_count,
)


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
    digests = hash_arrow(_as_arrow(values), key)
    return pd.Series(pd.arrays.ArrowStringArray(digests), index=values.index, dtype="string")


def hash_arrow(values: pa.Array | pa.ChunkedArray, key: bytes) -> pa.Array:
    """:func:`hash_values` on Arrow text, with Arrow out: the texts go to the hash as one
    buffer and the digests come back as one, without a Python object per value."""
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    array = array.cast(pa.large_string())
    n = len(array)
    _validity, offset_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offset_buffer, dtype=np.int64)[array.offset:array.offset + n + 1]
    data = memoryview(data_buffer) if data_buffer is not None else memoryview(b"")
    parts = worker_count() if n >= PARALLEL_FROM else 1
    bounds = np.linspace(0, n, parts + 1).astype(np.int64)
    pieces = []
    for first, last in pairwise(bounds):
        start, stop = int(offsets[first]), int(offsets[last])
        piece = data[start:stop]
        pieces.append((bytes(piece) if parts > 1 else piece,
                       (offsets[first:last + 1] - start).tobytes()))
    inner, outer = key_blocks(key)
    hexes = hmac_hex_parts(pieces, inner, outer)
    digests = pa.LargeStringArray.from_buffers(
        n, pa.py_buffer(np.arange(0, DIGEST_HEX * (n + 1), DIGEST_HEX, dtype=np.int64)),
        pa.py_buffer(hexes))
    if array.null_count:
        digests = pc.if_else(pc.is_valid(array), digests, pa.scalar(None, pa.large_string()))
    return digests


def _as_arrow(values: pd.Series) -> pa.ChunkedArray:
    """Text as one Arrow type (pandas keeps large_string; Arrow kernels want them alike)."""
    array = pa.array(values.astype("string[pyarrow]").array)
    array = array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])
    return array.cast(pa.large_string())


def household_addresses(placement: pd.DataFrame, x: pd.Series, y: pd.Series) -> pd.Series:
    """The normalised text that identifies a household: address, else rounded coordinates,
    else the postcode alone (a signal placed by PC6 without a house number)."""
    number = placement["huisnummer_norm"]
    address = pc.binary_join_element_wise(
        _as_arrow(placement["pc6"]),
        _as_arrow(number.astype("string")),
        pc.fill_null(_as_arrow(placement["toevoeging_norm"]), ""),
        pa.scalar("|", pa.large_string()),
    )
    result = pd.Series(pd.arrays.ArrowStringArray(address), index=placement.index)
    missing = result.isna()
    if missing.any():
        coords = "xy|" + x[missing].astype("Float64").round(4).astype("string") + "|" + \
            y[missing].astype("Float64").round(4).astype("string")
        result[missing] = coords.fillna("pc6|" + placement["pc6"][missing])
    return result.astype("string")


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
    id_text = "id|" + given_id
    derive = id_text.isna()
    if derive.any():
        id_text[derive] = (
            "afgeleid|" + signals["partner"][derive].fillna("").str.lower() + "|"
            + signals["signaaldatum"][derive].fillna("") + "|" + address[derive].fillna("")
            + "|" + signals["bedrag"][derive].fillna("")
        )
    n = len(signals)
    if n == 0:
        digests = pa.array([], pa.large_string())
    else:
        digests = hash_arrow(pa.chunked_array(
            _as_arrow(address).chunks + _as_arrow(id_text).chunks, pa.large_string()), key)
    return pd.DataFrame(
        {
            "household_key": pd.arrays.ArrowStringArray(digests.slice(0, n)),
            "signal_key": pd.arrays.ArrowStringArray(digests.slice(n)),
            "is_derived_id": pd.array(given_id.isna().to_numpy(), dtype="boolean"),
        },
        index=signals.index,
    )


def pseudonymise_ids(ids: pd.Series, key: bytes) -> pd.Series:
    """Signal keys for IDs referenced elsewhere (cases), hashed exactly like the signals."""
    text = ids.astype("string").str.strip()
    return hash_values("id|" + text.where(text != ""), key)
