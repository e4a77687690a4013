"""Normalise postcodes and house numbers so that '9712 ab' and '9712AB' are one address."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.transform.distinct_values import per_distinct_pair

_PC6 = r"[1-9][0-9]{3}[A-Z]{2}"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def normalise_postcode(raw: pd.Series) -> pd.Series:
    """Uppercase and strip spaces; anything that is not a Dutch PC6 becomes NA.

    Parameters
    ----------
    raw
        Postcodes as delivered (``9712 ab``, `` 9712AB``...).

    Returns
    -------
    pandas.Series
        ``9712AB``-style strings or NA.
    """
    # Arrow compute kernels: the national address table has 9 million postcodes.
    text = _as_arrow(raw)
    text = pc.replace_substring_regex(pc.utf8_upper(text), r"\s+", "")
    valid = pc.match_substring_regex(text, f"^{_PC6}$")
    text = pc.if_else(pc.fill_null(valid, False), text, pa.scalar(None, text.type))
    return pd.Series(pd.arrays.ArrowStringArray(text), index=raw.index, name=raw.name)


def _as_arrow(values: pd.Series) -> pa.ChunkedArray:
    """A series of postcodes as an Arrow string array (numbers and objects cast first)."""
    array = pa.array(values.astype("string[pyarrow]").array)
    return array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])


def normalise_house_numbers(
    huisnummer: pd.Series, toevoeging: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Split '10A', '10-2' or '10 bis' into number and addition; tidy the addition.

    Parameters
    ----------
    huisnummer
        House numbers as delivered, possibly with an addition glued on.
    toevoeging
        Separate addition (huisletter/toevoeging) column; wins over a glued-on one.

    Returns
    -------
    tuple of pandas.Series
        ``Int64`` house numbers (NA when there is no leading number in 1..99999) and the
        addition as uppercase letters/digits only (empty string when none).
    """
    return per_distinct_pair(huisnummer, toevoeging, _normalise_each)


def _normalise_each(huisnummer: pd.Series, toevoeging: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = huisnummer.astype("string").str.strip()
    parts = text.str.extract(r"^0*(\d{1,5})(?!\d)\s*[-/ ]?\s*(.*)$")
    number = pd.to_numeric(parts[0], errors="coerce").astype("Int64")
    number = number.where(number > 0)
    glued = parts[1].astype("string").fillna("")
    separate = toevoeging.astype("string").fillna("")
    addition = separate.where(separate.str.strip() != "", glued)
    addition = addition.str.upper().str.replace(r"[^0-9A-Z]", "", regex=True).fillna("")
    return number, addition


def encode_postcodes(pc6: pd.Series) -> np.ndarray:
    """Turn normalised PC6 strings into integers (digits*676 + letters), -1 for NA.

    Integer keys make a 9-million-address lookup a sorted-array search instead of a string
    join.

    Parameters
    ----------
    pc6
        Normalised postcodes (see :func:`normalise_postcode`).

    Returns
    -------
    numpy.ndarray
        ``int64`` codes.
    """
    filled = pc.fill_null(_as_arrow(pc6), "0000AA").combine_chunks()
    if len(filled) and not pc.all(pc.equal(pc.utf8_length(filled), 6)).as_py():
        raise ValueError("encode_postcodes expects normalised postcodes")
    # Six ASCII bytes per postcode, back to back in the Arrow data buffer.
    width = np.int64 if pa.types.is_large_string(filled.type) else np.int32
    offsets = np.frombuffer(filled.buffers()[1], dtype=width)[filled.offset:]
    data = np.frombuffer(filled.buffers()[2], dtype=np.uint8) if len(filled) else np.zeros(
        0, dtype=np.uint8)
    raw = data[offsets[0]:offsets[0] + 6 * len(filled)]
    chars = raw.reshape(-1, 6).astype(np.int64)
    digits = (
        (chars[:, 0] - 48) * 1000 + (chars[:, 1] - 48) * 100 + (chars[:, 2] - 48) * 10
        + (chars[:, 3] - 48)
    )
    code = digits * 676 + (chars[:, 4] - 65) * 26 + (chars[:, 5] - 65)
    code[pc6.isna().to_numpy()] = -1
    return code


def encode_addresses(pc6_codes: np.ndarray, numbers: pd.Series | np.ndarray) -> np.ndarray:
    """Combine a PC6 code and a house number into one ``int64`` key, -1 when incomplete.

    ``numbers`` is a nullable series, or an integer array with -1 where there is none.
    """
    if isinstance(numbers, np.ndarray):
        num = numbers.astype(np.int64, copy=False)
    else:
        num = numbers.astype("Int64").fillna(-1).to_numpy(dtype=np.int64)
    key = pc6_codes * 100_000 + num
    if len(key) and min(pc6_codes.min(), num.min()) < 0:  # the national table has none
        key[(pc6_codes < 0) | (num < 0)] = -1
    return key


def decode_postcodes(codes: np.ndarray) -> pd.Series:
    """The ``9712AB`` text of PC6 codes made by :func:`encode_postcodes` (NA for -1)."""
    valid = codes >= 0
    safe = np.where(valid, codes, 0)
    letters = np.array([a + b for a in _LETTERS for b in _LETTERS], dtype=object)
    text = pc.binary_join_element_wise(
        pc.cast(pa.array(safe // 676), pa.string()),
        pa.array(letters[safe % 676], pa.string()),
        pa.array(np.where(valid, "", None), pa.string(), from_pandas=True),
        "",
    )
    return pd.Series(pd.arrays.ArrowStringArray(text))
