"""Generate every file the demo loads: deliveries, address table, CBS and debt figures."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from etl.demo.addresses import NEIGHBOUR, build_addresses, write_address_table
from etl.demo.indicators import KWB_KEYS, write_debt_csv, write_kwb_csv
from etl.demo.population import GEODATA, build_population
from etl.demo.signal_events import DemoEvents, generate_events
from etl.demo.write_files import (
    export_rows,
    write_csv_export,
    write_ddas_json,
    write_xlsx_export,
)

log = logging.getLogger(__name__)

DEFAULT_SEED = 14
DEFAULT_MONTHS = 36
CSV_MONTHS = 11  # the first year came from the old system's CSV export ...
XLSX_MONTH = 11  # ... its last month was hand-kept in a spreadsheet
V09_UNTIL = 24  # then DDAS v0.9 for a year, then v1.2
DEBT_YEARS = range(2021, 2026)


@dataclass
class DemoFiles:
    """Paths of everything the demo generator wrote, in the order they are to be loaded."""

    lookup: Path
    lookup_year: int
    deliveries: list[Path] = field(default_factory=list)
    kwb: dict[int, Path] = field(default_factory=dict)
    debts: dict[int, Path] = field(default_factory=dict)


def last_complete_month(today: date | None = None) -> pd.Timestamp:
    """The first day of the last month that has fully passed."""
    today = today or date.today()
    return pd.Timestamp(today.year, today.month, 1) - pd.DateOffset(months=1)


def _coordinates(rng: np.random.Generator, events: DemoEvents) -> None:
    """RD coordinates near a point inside each signal's buurt (for the coordinate fallback)."""
    shapes = gpd.read_file(GEODATA / "buurten_2022.geojson").to_crs(28992)
    anchor = shapes.set_index("statcode").geometry.representative_point()
    points = events.signals["buurt_code"].map(anchor)
    events.signals["x_rd"] = points.map(lambda p: p.x) + rng.normal(0, 15, len(points))
    events.signals["y_rd"] = points.map(lambda p: p.y) + rng.normal(0, 15, len(points))


def _dirty_json(month: pd.Timestamp, t: int, valid: pd.Series) -> list[dict]:
    """A handful of broken signals per delivery, different kinds in different months."""
    base = {"crisissignaal": False, "warmeOverdracht": False, "ontstaansdatum": "",
            "status": "Nog niet opgepakt"}
    day = month.strftime("%Y-%m-") + "15"
    client = {"Postcode": valid["pc6"], "Huisnummer": str(valid["huisnummer"])} \
        if t <= V09_UNTIL else {"postcode": valid["pc6"], "huisnummer": str(valid["huisnummer"])}
    kinds = [
        {"signaalpartner": {"type": "Sportschool"}, "bedrag": 80, "signaaldatum": day},
        {"signaalpartner": {"type": "Huur"}, "bedrag": "abc", "signaaldatum": day},
        {"signaalpartner": {"type": "Energie"}, "bedrag": 300,
         "signaaldatum": (month + pd.DateOffset(years=2)).strftime("%Y-%m-%d")},
        {"signaalpartner": {"type": "Water"}, "bedrag": 90, "signaaldatum": "2014-06-01"},
        {"signaalpartner": {"type": "Zorg"}, "bedrag": -75, "signaaldatum": day},
        {"signaalpartner": {"type": "Huur"}, "bedrag": 9_999_999, "signaaldatum": day},
        {"signaalpartner": {"type": "Zorg"}, "bedrag": 200, "signaaldatum": day,
         "client": {"Postcode" if t <= V09_UNTIL else "postcode": "9999ZZ",
                    "Huisnummer" if t <= V09_UNTIL else "huisnummer": "1"}},
        {"signaalpartner": {"type": "Energie"}, "bedrag": 150, "signaaldatum": day,
         "client": {"Postcode" if t <= V09_UNTIL else "postcode": NEIGHBOUR["pc6"],
                    "Huisnummer" if t <= V09_UNTIL else "huisnummer": "5"}},
    ]
    picked = [kinds[(t + i) % len(kinds)] for i in range(2)]
    out = []
    for i, kind in enumerate(picked):
        signal = {**base, "ID": f"DEMO-{month:%Y%m}-X{i + 1:02d}", "client": client, **kind}
        signal["ontstaansdatum"] = day
        out.append(signal)
    out.append({**base, "ID": f"DEMO-{month:%Y%m}-00001", "signaalpartner": {"type": "Zorg"},
                "bedrag": 100, "signaaldatum": day, "client": client, "ontstaansdatum": day})
    return out


def _dirty_csv(month: pd.Timestamp, columns: list[str]) -> tuple[pd.DataFrame, str]:
    day = month.strftime("15-%m-%Y")
    rows = pd.DataFrame(
        [
            [f"DEMO-{month:%Y%m}-C01", day, "Sportschool", "9711 AA", "1", "", "80,00",
             "Nog niet opgepakt", "A. Demo", "01-01-1980", "Demostraat", "", ""],
            [f"DEMO-{month:%Y%m}-C02", "31-02-" + month.strftime("%Y"), "Zorgverzekeraar",
             "9711 AA", "3", "", "120,00", "Nog niet opgepakt", "B. Demo", "02-02-1981",
             "Demostraat", "", ""],
            [f"DEMO-{month:%Y%m}-C03", day, "Woningcorporatie", "12345", "7", "", "1.250,00",
             "Nog niet opgepakt", "C. Demo", "03-03-1982", "Demostraat", "", ""],
            [f"DEMO-{month:%Y%m}-C04", day, "Drinkwaterbedrijf", "9711 AB", "9", "", "-50,00",
             "Nog niet opgepakt", "D. Demo", "04-04-1983", "Demostraat", "", ""],
        ],
        columns=columns,
    )
    broken = (f"DEMO-{month:%Y%m}-C05;{day};Energieleverancier;9711 AC;11;;95,00;"
              "Nog niet opgepakt;E. Demo; jr.;05-05-1984;Demostraat;;")
    return rows, broken


def generate_demo(
    out_dir: str | Path,
    *,
    seed: int = DEFAULT_SEED,
    end_month: pd.Timestamp | None = None,
    months: int = DEFAULT_MONTHS,
) -> DemoFiles:
    """Write the demo's input files into ``out_dir`` (emptied first).

    Parameters
    ----------
    out_dir
        Folder for the generated files.
    seed
        Random seed: the same seed and end month give identical files.
    end_month
        Last month of the series (default: the last complete month).
    months
        Number of monthly periods.

    Returns
    -------
    DemoFiles
        The paths, deliveries in load order.
    """
    out = Path(out_dir)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    end = pd.Timestamp(end_month) if end_month is not None else last_complete_month()
    series = pd.date_range(end=end, periods=months, freq="MS")
    rng = np.random.default_rng(seed)
    years = sorted(set(KWB_KEYS) | {m.year for m in series if m.year <= max(KWB_KEYS)})
    population = build_population(rng, [y for y in years if y in KWB_KEYS])
    addresses = build_addresses(population.buurten, f"households_{max(KWB_KEYS)}")
    lookup_year = max(KWB_KEYS)
    files = DemoFiles(lookup=write_address_table(
        addresses, out / f"demo_pc6hnr{lookup_year}0801_gwb.csv", lookup_year),
        lookup_year=lookup_year)
    events = generate_events(rng, population.buurten, addresses, series)
    _coordinates(rng, events)
    signals, cases, contacts = events.signals, events.cases, events.contacts

    for t, month in enumerate(series):
        in_month = signals[signals["t"] == t]
        month_cases = cases[cases["t"] == t]
        month_contacts = contacts[contacts["case_index"].isin(month_cases["case_index"])]
        stem = f"demo_{month:%Y-%m}"
        if t < CSV_MONTHS:
            rows = export_rows(in_month, rng)
            dirty, broken = _dirty_csv(month, list(rows.columns))
            path = write_csv_export(out / f"{stem}_export.csv",
                                    pd.concat([rows, dirty], ignore_index=True), broken)
            files.deliveries.append(path)
            if t == 4:  # the same export sent again under another name
                copy = out / f"{stem}_export_opnieuw.csv"
                copy.write_bytes(path.read_bytes())
                files.deliveries.append(copy)
        elif t == XLSX_MONTH:
            files.deliveries.append(write_xlsx_export(
                out / f"{stem}_export.xlsx", export_rows(in_month, rng),
                f"Vroegsignalen {month:%m-%Y} (demo)"))
        else:
            version = "0.9" if t < V09_UNTIL else "1.2"
            dirty = _dirty_json(month, t, in_month.iloc[0])
            path = out / f"{stem}_ddas_v{version}.json"
            if t == V09_UNTIL - 4:
                # First sent with a batch of mistyped postcodes, then corrected.
                wrong = in_month.copy()
                wrong.loc[wrong.index[:25], "pc6"] = "9999ZZ"
                write_ddas_json(path, month, wrong, month_cases, month_contacts,
                                version=version, dirty=dirty, rng=np.random.default_rng(t))
                files.deliveries.append(path)
                path = out / f"{stem}_ddas_v{version}_correctie.json"
            write_ddas_json(path, month, in_month, month_cases, month_contacts,
                            version=version, dirty=dirty, rng=np.random.default_rng(t))
            files.deliveries.append(path)

    for year in sorted(KWB_KEYS):
        files.kwb[year] = write_kwb_csv(out / f"demo_kwb_{year}.csv", population, year, rng)
    for year in DEBT_YEARS:
        files.debts[year] = write_debt_csv(out / f"demo_schulden_{year}.csv", population, year,
                                           rng)
    log.info("demo: %d signals in %d deliveries", len(signals), len(files.deliveries))
    return files
