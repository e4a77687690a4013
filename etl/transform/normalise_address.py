"""Normalise postcodes and house numbers so that '9712 ab' and '9712AB' are one address."""

from __future__ import annotations

import numpy as np
import pandas as pd

_PC6 = r"[1-9][0-9]{3}[A-Z]{2}"


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
    text = raw.astype("string").str.upper().str.replace(r"\s+", "", regex=True)
    return text.where(text.str.fullmatch(_PC6, na=False)).astype("string")


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
    filled = pc6.astype("string").fillna("0000AA")
    raw = np.frombuffer("".join(filled.tolist()).encode("ascii"), dtype=np.uint8)
    chars = raw.reshape(-1, 6).astype(np.int64)
    digits = (
        (chars[:, 0] - 48) * 1000 + (chars[:, 1] - 48) * 100 + (chars[:, 2] - 48) * 10
        + (chars[:, 3] - 48)
    )
    code = digits * 676 + (chars[:, 4] - 65) * 26 + (chars[:, 5] - 65)
    code[pc6.isna().to_numpy()] = -1
    return code


def encode_addresses(pc6_codes: np.ndarray, numbers: pd.Series) -> np.ndarray:
    """Combine a PC6 code and a house number into one ``int64`` key, -1 when incomplete."""
    num = numbers.astype("Int64").fillna(-1).to_numpy(dtype=np.int64)
    key = pc6_codes * 100_000 + num
    key[(pc6_codes < 0) | (num < 0)] = -1
    return key
