"""Synthetic households and structural indicators per buurt, calibrated to CBS figures.

Calibration targets (public): 124,258 dwellings in Groningen spread over its 20 wijken as
CBS counts them (KWB 2024); 13.6 % of households with a low income and 11.6 % on or around
the social minimum (KWB 2019); 6.3 % with registered problematic debts (CBS 2021). The
northern wijken of the NPLV area are clearly poorer, as the programme exists to address.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

GEODATA = Path(__file__).resolve().parents[2] / "geodata"

GEMEENTE_LOW_INCOME_PCT = 13.6
GEMEENTE_SOCIAL_MINIMUM_PCT = 11.6
GEMEENTE_PROBLEMATIC_DEBT_PCT = 6.3
GEMEENTE_INHABITANTS_2024 = 243_768

#: Deprivation (0 = affluent, 1 = poorest) per wijk; NPLV buurten get their own level below.
_WIJK_DEPRIVATION = {
    "WK001400": 0.50, "WK001401": 0.25, "WK001402": 0.35, "WK001403": 0.55,
    "WK001404": 0.75, "WK001405": 0.30, "WK001406": 0.35, "WK001407": 0.45,
    "WK001408": 0.30, "WK001409": 0.55, "WK001410": 0.55, "WK001411": 0.45,
    "WK001412": 0.40, "WK001413": 0.10, "WK001414": 0.10, "WK001415": 0.30,
    "WK001416": 0.30, "WK001417": 0.10, "WK001418": 0.15, "WK001419": 0.05,
}
_NPLV_DEPRIVATION = 0.88
_WIJERT_DEPRIVATION = 0.70

#: Buurten where few people live (business parks, campus, hospital, parks, water, woods).
_FEW_RESIDENTS = (
    "UMCG", "Stationsgebied", "Martini Trade Park", "Stadspark", "Zernike Campus",
    "Euvelgunne", "Eemspoort", "Driebond", "Westpoort", "Suikerfabriekterrein",
    "Bedrijventerrein", "Winschoterdiep", "Woonschepenhaven", "Kardinge", "Zuidlaardermeer",
    "Noordlaarderbos", "Paterswoldsemeer", "Hunzeboord", "Roodehaan", "Vierverlaten",
    "Europapark", "Kop van Oost", "Appelbergen", "Bangeweer", "Nesciopark", "Zilvermeer",
)


@dataclass
class DemoPopulation:
    """Per buurt: name, wijk, households by year and the synthetic indicator levels."""

    buurten: pd.DataFrame  # buurt_code, buurt_name, wijk_code, area_ha, deprivation, ...
    years: list[int]


def read_buurten() -> pd.DataFrame:
    """The 150 real buurten of Groningen with their wijk and generalised area."""
    doc = json.loads((GEODATA / "buurten_2022.geojson").read_text(encoding="utf-8"))
    rows = [
        {
            "buurt_code": f["properties"]["statcode"],
            "buurt_name": f["properties"]["statnaam"],
            "wijk_code": f["properties"]["wijkcode"],
            "area_ha": float(f["properties"].get("opp_ha_generalised") or 10.0),
        }
        for f in doc["features"]
    ]
    return pd.DataFrame(rows).sort_values("buurt_code").reset_index(drop=True)


def read_nplv_buurten() -> set[str]:
    """Buurt codes of the NPLV focus area, from the shipped area file."""
    with (GEODATA / "areas" / "nplv_groningen_noord.csv").open(encoding="utf-8") as handle:
        return {r["buurt_code"] for r in csv.DictReader(handle) if r["area_code"] == "nplv-noord"}


def read_wijk_dwellings() -> pd.Series:
    """Real CBS dwelling stock per wijk (KWB 2024, table 85984NED)."""
    table = pd.read_csv(GEODATA / "kwb_wijken_2024.csv", dtype={"regiocode": str})
    wijken = table[table["regiocode"].str.startswith("WK")]
    return wijken.set_index("regiocode")["Woningvoorraad_35"].astype(float)


def build_population(rng: np.random.Generator, years: list[int]) -> DemoPopulation:
    """Distribute real wijk dwellings over buurten and give every buurt plausible figures.

    Parameters
    ----------
    rng
        Seeded generator (same seed, same population).
    years
        Statistics years to produce (household counts drift about 0.8 % a year).

    Returns
    -------
    DemoPopulation
        One row per buurt with ``households_<year>`` columns and indicator percentages.
    """
    buurten = read_buurten()
    nplv = read_nplv_buurten()
    few = buurten["buurt_name"].str.contains("|".join(_FEW_RESIDENTS), regex=True)
    rural = buurten["buurt_name"].str.startswith("Buitengebied")
    weight = np.sqrt(buurten["area_ha"].to_numpy()) * rng.lognormal(0, 0.25, len(buurten))
    weight = np.where(few, weight * 0.02, weight)
    weight = np.where(rural, weight * 0.15, weight)
    buurten["weight"] = weight
    dwellings = read_wijk_dwellings()
    share = buurten["weight"] / buurten.groupby("wijk_code")["weight"].transform("sum")
    households_2024 = np.round(share * buurten["wijk_code"].map(dwellings)).astype(int)
    buurten["households_2024"] = np.maximum(households_2024, 5)

    deprivation = buurten["wijk_code"].map(_WIJK_DEPRIVATION).to_numpy(dtype=float)
    deprivation = np.where(buurten["buurt_code"].isin(nplv), _NPLV_DEPRIVATION, deprivation)
    deprivation = np.where(buurten["buurt_name"].str.startswith("De Wijert"),
                           _WIJERT_DEPRIVATION, deprivation)
    deprivation = np.clip(deprivation + rng.normal(0, 0.07, len(buurten)), 0.02, 0.98)
    buurten["deprivation"] = deprivation
    buurten["is_nplv"] = buurten["buurt_code"].isin(nplv)

    hh = buurten["households_2024"].to_numpy(dtype=float)
    buurten["low_income_pct"] = _calibrate(3.0 + 24.0 * deprivation, hh, GEMEENTE_LOW_INCOME_PCT)
    buurten["social_minimum_pct"] = _calibrate(
        buurten["low_income_pct"].to_numpy() * rng.normal(0.85, 0.03, len(buurten)), hh,
        GEMEENTE_SOCIAL_MINIMUM_PCT)
    buurten["problematic_debt_pct"] = _calibrate(1.0 + 11.0 * deprivation ** 1.3, hh,
                                                 GEMEENTE_PROBLEMATIC_DEBT_PCT)
    for year in years:
        drift = (1.008 ** (year - 2024))
        buurten[f"households_{year}"] = np.maximum(
            np.round(buurten["households_2024"] * drift).astype(int), 5)
    return DemoPopulation(buurten=buurten, years=years)


def _calibrate(values: np.ndarray, weights: np.ndarray, target: float) -> np.ndarray:
    """Scale values so their household-weighted mean is the gemeente's published figure."""
    scaled = values * target / np.average(values, weights=weights)
    return np.round(np.clip(scaled, 0.5, 60.0), 1)


def yearly_indicator_shift(year: int) -> float:
    """Income shares drift: lower after 2019, a bump in the 2022-2023 energy crisis."""
    return {2019: 1.00, 2020: 0.97, 2021: 0.95, 2022: 0.99, 2023: 1.02, 2024: 0.98,
            2025: 0.97}.get(year, 1.0)
