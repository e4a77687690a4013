"""Write the demo's structural indicators as CBS and the municipality would supply them.

KWB figures go out as the opendata CSV (column keys as headers, suffixes per table version,
``.`` for secret values, decimal comma, UTF-8 with BOM); problematic debts as the simple CSV
a municipality supplies when no CBS table is available. All values are synthetic.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from etl.demo.population import DemoPopulation, read_wijk_dwellings, yearly_indicator_shift

#: Column keys per KWB table year (suffixes move between table versions).
KWB_KEYS = {
    2019: ("HuishoudensTotaal_28", "HuishoudensMetEenLaagInkomen_75",
           "HuishOnderOfRondSociaalMinimum_76"),
    2020: ("HuishoudensTotaal_28", "HuishoudensMetEenLaagInkomen_75",
           "HuishOnderOfRondSociaalMinimum_76"),
    2021: ("HuishoudensTotaal_28", "HuishoudensMetEenLaagInkomen_78",
           "HuishOnderOfRondSociaalMinimum_79"),
    2022: ("HuishoudensTotaal_28", "HuishoudensMetEenLaagInkomen_78",
           "HuishOnderOfRondSociaalMinimum_79"),
    2023: ("HuishoudensTotaal_29", "HuishoudensMetEenLaagInkomen_87",
           "HuishOnderOfRondSociaalMinimum_88"),
    2024: ("HuishoudensTotaal_29", "HuishoudensMetEenLaagInkomen_89",
           "HuishOnderOfRondSociaalMinimum_90"),
    2025: ("HuishoudensTotaal_29", "HuishoudensMetEenLaagInkomen_89",
           "HuishOnderOfRondSociaalMinimum_90"),
}
MIN_HOUSEHOLDS_FOR_INCOME = 100


def _dutch(values: pd.Series, decimals: int) -> pd.Series:
    text = values.round(decimals).map(lambda v: f"{v:.{decimals}f}")
    return text.str.replace(".", ",", regex=False)


def _levels(population: DemoPopulation, year: int, rng: np.random.Generator) -> pd.DataFrame:
    """Buurt, wijk and gemeente rows for one year; larger areas summed from buurten."""
    b = population.buurten
    shift = yearly_indicator_shift(year)
    households = b[f"households_{year}"].astype(float)
    inhabitants_ratio = _inhabitants_per_household()
    buurt = pd.DataFrame(
        {
            "code": b["buurt_code"], "name": b["buurt_name"], "kind": "Buurt",
            "wijk_code": b["wijk_code"],
            "households": households,
            "inhabitants": np.round(households * b["wijk_code"].map(inhabitants_ratio)),
            "low": np.clip(b["low_income_pct"] * shift + rng.normal(0, 0.3, len(b)), 0.5, 60),
            "social": np.clip(b["social_minimum_pct"] * shift + rng.normal(0, 0.3, len(b)),
                              0.4, 55),
            "debt": np.clip(b["problematic_debt_pct"] * (2 - shift) + rng.normal(0, 0.2, len(b)),
                            0.3, 40),
        }
    )
    frames = [buurt]
    for key, kind in (("wijk_code", "Wijk"), (None, "Gemeente")):
        groups = buurt.groupby(key) if key else buurt.assign(g="GM0014").groupby("g")
        summed = groups.apply(lambda g: pd.Series({
            "households": g["households"].sum(),
            "inhabitants": g["inhabitants"].sum(),
            "low": np.average(g["low"], weights=g["households"]),
            "social": np.average(g["social"], weights=g["households"]),
            "debt": np.average(g["debt"], weights=g["households"]),
        }), include_groups=False).reset_index()
        summed = summed.rename(columns={summed.columns[0]: "code"})
        summed["kind"] = kind
        summed["name"] = summed["code"]
        frames.append(summed)
    return pd.concat(frames, ignore_index=True)


def _inhabitants_per_household() -> pd.Series:
    table = pd.read_csv(Path(__file__).resolve().parents[2] / "geodata" / "kwb_wijken_2024.csv",
                        dtype={"regiocode": str})
    wijken = table[table["regiocode"].str.startswith("WK")].set_index("regiocode")
    return wijken["AantalInwoners_5"] / read_wijk_dwellings()


def write_kwb_csv(path: Path, population: DemoPopulation, year: int,
                  rng: np.random.Generator) -> Path:
    """One year of (synthetic) KWB figures as a CBS opendata CSV."""
    rows = _levels(population, year, rng)
    hh_key, low_key, social_key = KWB_KEYS[year]
    secret = rows["households"] < MIN_HOUSEHOLDS_FOR_INCOME
    table = pd.DataFrame(
        {
            "ID": range(1, len(rows) + 1),
            "WijkenEnBuurten": rows["code"].str.ljust(10),
            "Gemeentenaam_1": "Groningen".ljust(40),
            "SoortRegio_2": rows["kind"].str.ljust(10),
            "Codering_3": rows["code"].str.ljust(10),
            "AantalInwoners_5": rows["inhabitants"].astype(int).astype(str),
            hh_key: rows["households"].astype(int).astype(str),
            low_key: _dutch(rows["low"], 1).where(~secret, "."),
            social_key: _dutch(rows["social"], 1).where(~secret, "."),
        }
    )
    text = table.to_csv(sep=";", index=False, quoting=1, lineterminator="\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def write_debt_csv(path: Path, population: DemoPopulation, year: int,
                   rng: np.random.Generator) -> Path:
    """Problematic debts per area as a municipality supplies them (no CBS table)."""
    rows = _levels(population, year, rng)
    secret = rows["households"] < MIN_HOUSEHOLDS_FOR_INCOME
    table = pd.DataFrame(
        {
            "regiocode": rows["code"],
            "jaar": year,
            "percentage huishoudens met problematische schulden": _dutch(rows["debt"], 1)
            .where(~secret, "."),
        }
    )
    table.to_csv(path, sep=";", index=False)
    return path
