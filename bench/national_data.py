"""Synthetic national-size inputs for the benchmarks: a CBS-style address table of about
9 million addresses over 14,574 buurten in 3,393 wijken and 342 gemeenten (the 2024
counts), and municipal signal exports of any size drawn from those addresses."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

GEMEENTEN = 342
WIJKEN = 3_393
BUURTEN = 14_574
ADDRESSES_PER_PC6 = 20
PARTNERS = np.array(["Zorgverzekeraar", "Woningcorporatie", "Energieleverancier",
                     "Drinkwaterbedrijf", "CAK"])
PARTNER_SHARES = np.array([0.41, 0.20, 0.20, 0.18, 0.01])


def area_codes() -> pd.DataFrame:
    """Buurt, wijk and gemeente codes (numeric, as CBS writes them) in a fixed nesting."""
    wijk_gemeente = np.sort(np.arange(WIJKEN) % GEMEENTEN)
    buurt_wijk = np.sort(np.arange(BUURTEN) % WIJKEN)
    gemeente = wijk_gemeente[buurt_wijk] + 1
    wijk_in_gemeente = pd.Series(np.arange(WIJKEN)).groupby(wijk_gemeente).cumcount().to_numpy()
    buurt_in_wijk = pd.Series(np.arange(BUURTEN)).groupby(buurt_wijk).cumcount().to_numpy()
    wijk_number = gemeente * 100 + wijk_in_gemeente[buurt_wijk]
    buurt_number = wijk_number * 100 + buurt_in_wijk
    return pd.DataFrame({"buurt": buurt_number, "wijk": wijk_number, "gemeente": gemeente})


def write_address_table(path: Path, addresses: int = 9_000_000) -> pd.DataFrame:
    """The ``PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024`` table; returns the PC6s used."""
    areas = area_codes()
    pc6_count = addresses // ADDRESSES_PER_PC6
    pc6_index = np.arange(pc6_count)
    digits = 1000 + pc6_index // 676
    letters = pc6_index % 676
    pc6 = (pd.Series(digits).astype(str) + pd.Series(
        np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))[letters // 26])
        + pd.Series(np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))[letters % 26]))
    buurt_of_pc6 = (pc6_index * BUURTEN) // pc6_count
    repeat = np.repeat(np.arange(pc6_count), ADDRESSES_PER_PC6)
    table = pa.table({
        "PC6": pa.array(pc6.to_numpy()[repeat]),
        "Huisnummer": np.tile(np.arange(1, ADDRESSES_PER_PC6 + 1), pc6_count),
        "Buurt2024": areas["buurt"].to_numpy()[buurt_of_pc6][repeat],
        "Wijk2024": areas["wijk"].to_numpy()[buurt_of_pc6][repeat],
        "Gemeente2024": areas["gemeente"].to_numpy()[buurt_of_pc6][repeat],
    })
    pacsv.write_csv(table, path, pacsv.WriteOptions(delimiter=";"))
    return pd.DataFrame({"pc6": pc6, "buurt": areas["buurt"].to_numpy()[buurt_of_pc6]})


def write_signal_export(path: Path, pc6: pd.Series, signals: int, seed: int = 1,
                        months: int = 12) -> Path:
    """A municipal CSV export (semicolon, Dutch dates and amounts) of random signals."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(pc6), signals)
    day = pd.Timestamp("2025-11-01") - pd.to_timedelta(rng.integers(0, months * 30, signals),
                                                        unit="D")
    amount = np.round(rng.lognormal(5.8, 0.7, signals), 2)
    table = pa.table({
        "Signaal ID": pa.array(np.char.add("N", np.arange(signals).astype(str))),
        "Datum signaal": pa.array(day.strftime("%d-%m-%Y").to_numpy()),
        "Soort achterstand": pa.array(rng.choice(PARTNERS, signals, p=PARTNER_SHARES)),
        "Postcode": pa.array(pc6.to_numpy()[pick]),
        "Huisnummer": rng.integers(1, ADDRESSES_PER_PC6 + 1, signals),
        "Achterstand": pa.array(np.char.replace(amount.astype(str), ".", ",")),
    })
    pacsv.write_csv(table, path, pacsv.WriteOptions(delimiter=";"))
    return path
