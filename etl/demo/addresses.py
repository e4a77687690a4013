"""Synthetic addresses (PC6 + huisnummer) per buurt and the CBS-style address table.

The postcodes are invented (9711AA onwards, 25 addresses each) and do not match real
Groningen postcodes; the table is written exactly as CBS publishes its "postcode
huisnummer" file, so the demo exercises the same reader as production.
"""

from __future__ import annotations

import string
from pathlib import Path

import numpy as np
import pandas as pd

ADDRESSES_PER_PC6 = 25
LETTERS = string.ascii_uppercase
#: A neighbouring gemeente (Tynaarlo, GM1730) so "buiten gemeente" happens in the demo.
NEIGHBOUR = {"pc6": "9481AB", "buurt": "17300000", "wijk": "173000", "gemeente": "1730"}


def _pc6_sequence(count: int) -> list[str]:
    codes = []
    digits, letter = 9711, 0
    while len(codes) < count:
        codes.append(f"{digits}{LETTERS[letter // 26]}{LETTERS[letter % 26]}")
        letter += 1
        if letter >= 26 * 10:  # AA..JZ per number keeps them looking plausible
            digits, letter = digits + 1, 0
    return codes


def build_addresses(buurten: pd.DataFrame, households_column: str) -> pd.DataFrame:
    """One address per household, grouped in PC6s of 25 inside each buurt.

    Parameters
    ----------
    buurten
        The demo population (``buurt_code`` and a households column).
    households_column
        Which year's households become addresses.

    Returns
    -------
    pandas.DataFrame
        ``address_id``, ``buurt_code``, ``pc6``, ``huisnummer``.
    """
    counts = buurten[households_column].to_numpy(dtype=int)
    pc6_per_buurt = -(-counts // ADDRESSES_PER_PC6)
    pc6_codes = _pc6_sequence(int(pc6_per_buurt.sum()))
    rows_buurt = np.repeat(buurten["buurt_code"].to_numpy(), counts)
    within = np.concatenate([np.arange(n) for n in counts])
    pc6_offset = np.repeat(np.concatenate([[0], np.cumsum(pc6_per_buurt)[:-1]]), counts)
    pc6_index = pc6_offset + within // ADDRESSES_PER_PC6
    return pd.DataFrame(
        {
            "address_id": np.arange(len(rows_buurt)),
            "buurt_code": rows_buurt,
            "pc6": np.array(pc6_codes, dtype=object)[pc6_index],
            "huisnummer": (within % ADDRESSES_PER_PC6) * 2 + 1,
        }
    )


def write_address_table(addresses: pd.DataFrame, path: Path, year: int) -> Path:
    """Write the addresses as CBS's ``PC6;Huisnummer;Buurt<jaar>;Wijk<jaar>;Gemeente<jaar>``.

    Codes are written the CBS way, as numbers without prefix or leading zeros
    (BU00140103 -> 140103). A few addresses of a neighbouring gemeente are added.
    """
    buurt_number = addresses["buurt_code"].str.slice(2).astype(int)
    table = pd.DataFrame(
        {
            "PC6": addresses["pc6"],
            "Huisnummer": addresses["huisnummer"],
            f"Buurt{year}": buurt_number,
            f"Wijk{year}": buurt_number // 100,
            f"Gemeente{year}": buurt_number // 10_000,
        }
    )
    neighbour = pd.DataFrame(
        {
            "PC6": NEIGHBOUR["pc6"],
            "Huisnummer": range(1, 21),
            f"Buurt{year}": int(NEIGHBOUR["buurt"]),
            f"Wijk{year}": int(NEIGHBOUR["wijk"]),
            f"Gemeente{year}": int(NEIGHBOUR["gemeente"]),
        }
    )
    pd.concat([table, neighbour]).to_csv(path, sep=";", index=False)
    return path
