"""Synthetic monthly counts with and without planted rises, to validate rise detection.

Kept beside the demo generator: the same seasonality, negative-binomial noise and spread of
area sizes as real buurten and wijken, but with the truth known.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SEASON = np.array([1.18, 1.06, 1.02, 1.00, 0.98, 0.95, 0.88, 0.90, 1.00, 1.03, 1.00, 0.93])


def simulate_counts(rng: np.random.Generator, *, areas: int = 150, months: int = 36,
                    median_mean: float = 6.0, dispersion: float = 25.0,
                    rise_share: float = 0.0, rise_factor: float = 2.0,
                    rise_months: int = 1) -> tuple[pd.DataFrame, set[tuple[str, object]]]:
    """Monthly counts per area; optionally a share of areas rises in the last months.

    Parameters
    ----------
    rng
        Seeded generator.
    areas, months
        Panel size.
    median_mean
        Median of the areas' monthly means (log-normal spread, like buurten).
    dispersion
        Negative-binomial k (variance = mean + mean^2 / k).
    rise_share, rise_factor, rise_months
        Share of areas whose mean is multiplied by ``rise_factor`` in the last
        ``rise_months`` months.

    Returns
    -------
    tuple
        ``area_code``, ``area_level``, ``month``, ``signals`` rows, and the planted
        (area_code, month) pairs.
    """
    index = pd.date_range("2023-11-01", periods=months, freq="MS")
    means = rng.lognormal(np.log(median_mean), 0.8, size=areas)
    season = SEASON[index.month - 1]
    expected = means[:, None] * season[None, :]
    planted: set[tuple[str, object]] = set()
    risers = rng.choice(areas, size=round(rise_share * areas), replace=False)
    for a in risers:
        expected[a, -rise_months:] *= rise_factor
        planted |= {(f"A{a:04d}", index[-m]) for m in range(1, rise_months + 1)}
    p = dispersion / (dispersion + expected)
    counts = rng.negative_binomial(dispersion, p)
    frame = pd.DataFrame({
        "area_code": np.repeat([f"A{a:04d}" for a in range(areas)], months),
        "area_level": "buurt",
        "month": np.tile(index, areas),
        "signals": counts.ravel(),
    })
    return frame, planted
