"""A national published file built through the real ETL, so dashboard benchmarks see what a
national installation would serve: synthetic boundaries (``etl geodata``), CBS household
counts (``etl cbs``) and municipal signals (``etl signals``) for every gemeente, each loaded
by the command line exactly as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from bench.national_data import area_codes, write_address_table, write_signal_export
from bench.national_geometry import write_boundaries
from bench.serve import BENCH_HOUSEHOLD_KEY, REPO

BOUNDARY_YEAR = 2024
#: About 8 million households over 14,574 buurten; a few buurten fall under the minimum
#: for a published rate, as real ones do.
MEDIAN_HOUSEHOLDS_PER_BUURT = 480


@dataclass
class NationalBuild:
    """The published file and what went into it."""

    published: Path
    buurten: int
    wijken: int
    signals: int
    seconds: dict[str, float]


def select_gemeenten(gemeenten: int | None) -> pd.DataFrame:
    """The area nesting of the first ``gemeenten`` gemeenten (all 342 when None)."""
    codes = area_codes()
    return codes if gemeenten is None else codes[codes["gemeente"] <= gemeenten]


def write_cbs_figures(path: Path, codes: pd.DataFrame, seed: int = 1) -> Path:
    """A CBS opendata-style CSV (keys as headers) with households and the low-income share
    of every buurt, wijk and gemeente; wijken and gemeenten are their buurten's sums."""
    rng = np.random.default_rng(seed)
    buurten = codes.assign(
        households=np.round(rng.lognormal(np.log(MEDIAN_HOUSEHOLDS_PER_BUURT), 0.8,
                                          len(codes))).astype(int),
        low_income=rng.uniform(0.03, 0.2, len(codes)))
    buurten["low_income_households"] = buurten["households"] * buurten["low_income"]
    frames = []
    for level, prefix, width in (("buurt", "BU", 8), ("wijk", "WK", 6), ("gemeente", "GM", 4)):
        summed = buurten.groupby(level)[["households", "low_income_households"]].sum()
        frames.append(pd.DataFrame({
            "Codering_3": prefix + summed.index.astype(str).str.zfill(width),
            "HuishoudensTotaal_29": summed["households"].to_numpy(),
            "HuishoudensMetEenLaagInkomen_87": (
                100 * summed["low_income_households"] / summed["households"].clip(lower=1)
            ).round(1).astype(str).str.replace(".", ",", regex=False).to_numpy(),
        }))
    pd.concat(frames).to_csv(path, sep=";", index=False)
    return path


def run_etl_command(arguments: list[str], work: Path) -> float:
    """Run ``python -m etl ...`` for every gemeente into ``work``'s warehouse; return seconds."""
    env = {**os.environ, "WIJKSIGNAAL_HOUSEHOLD_KEY": BENCH_HOUSEHOLD_KEY,
           "WIJKSIGNAAL_GEMEENTE": "*"}
    command = [sys.executable, "-m", "etl", *arguments, "--warehouse",
               str(work / "warehouse.duckdb"), "--published", str(work / "published.duckdb")]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"etl {arguments[0]} failed ({done.returncode}): "
                           f"{done.stderr[-2000:]}")
    return time.perf_counter() - start


def build_national(work: Path, *, signals: int, addresses: int,
                   gemeenten: int | None = None, seed: int = 1) -> NationalBuild:
    """Generate national inputs in ``work`` and load them with the ETL command line.

    Parameters
    ----------
    work
        Folder for the inputs, the warehouse and the published file.
    signals
        Signals in the municipal export (12 months).
    addresses
        Addresses in the CBS-style address table.
    gemeenten
        Only the first this many gemeenten (for small test runs); all when None.
    seed
        Seed of boundaries, figures and signals.

    Returns
    -------
    NationalBuild
        The published file, area counts and the seconds each step took.
    """
    codes = select_gemeenten(gemeenten)
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    postcodes = write_address_table(work / "adressen.csv", addresses)
    pc6 = postcodes.loc[postcodes["buurt"].isin(codes["buurt"]), "pc6"].reset_index(drop=True)
    if pc6.empty:
        raise ValueError("no address falls in the chosen gemeenten: raise --addresses")
    export = write_signal_export(work / "signalen.csv", pc6, signals, seed=seed)
    figures = write_cbs_figures(work / f"kwb_{BOUNDARY_YEAR}.csv", codes, seed=seed)
    seconds["generate inputs"] = time.perf_counter() - start
    start = time.perf_counter()
    boundaries = work / f"wijkenbuurten_{BOUNDARY_YEAR}.gpkg"
    buurten, wijken = write_boundaries(boundaries, codes, BOUNDARY_YEAR, seed=seed)
    seconds["generate boundaries"] = time.perf_counter() - start
    seconds["etl geodata"] = run_etl_command(
        ["geodata", "--buurten", str(boundaries), "--wijken", str(boundaries),
         "--year", str(BOUNDARY_YEAR)], work)
    seconds["etl cbs"] = run_etl_command(
        ["cbs", "--csv", str(figures), "--year", str(BOUNDARY_YEAR)], work)
    seconds["etl signals"] = run_etl_command(
        ["signals", str(export), "--lookup", str(work / "adressen.csv")], work)
    return NationalBuild(work / "published.duckdb", buurten, wijken, signals, seconds)
