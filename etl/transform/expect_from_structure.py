"""Which areas have far fewer signals than their share of low-income households predicts?

Signals only cover households whose creditors report them, so an area with many low-income
households but few signals may be under-reached (or its partners deliver poorly). Across the
areas of one level, a Poisson regression with the households as exposure relates the signal
count to the share of low-income households; negative-binomial lower-tail probabilities,
corrected with Benjamini-Hochberg, mark the areas far below that expectation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from etl.transform.detect_rises import benjamini_hochberg, estimate_dispersion

MAX_ITERATIONS = 50


def fit_poisson_exposure(count: np.ndarray, exposure: np.ndarray,
                         covariate: np.ndarray) -> np.ndarray:
    """Coefficients (intercept, slope) of log E[count] = log(exposure) + b0 + b1 * x (IRLS)."""
    design = np.column_stack([np.ones_like(covariate), covariate])
    offset = np.log(exposure)
    beta = np.array([np.log(count.sum() / exposure.sum()), 0.0])
    for _ in range(MAX_ITERATIONS):
        mu = np.exp(offset + design @ beta)
        z = design @ beta + (count - mu) / mu
        weighted = design * mu[:, None]
        step = np.linalg.solve(design.T @ weighted, weighted.T @ z)
        if np.allclose(step, beta, rtol=1e-10, atol=1e-12):
            beta = step
            break
        beta = step
    return beta


def expect_from_structure(
    frame: pd.DataFrame, *, alpha: float = 0.05, min_households: int = 100
) -> pd.DataFrame:
    """Expected 12-month signal counts from the low-income share, per area of one level.

    Parameters
    ----------
    frame
        ``area_code``, ``area_level``, ``month``, ``signals`` (exact, 12-month window),
        ``households`` (CBS) and ``low_income_pct`` for the areas of one level and month.
    alpha
        False discovery rate for the 'possibly under-reached' list.
    min_households
        Areas with fewer households are left out of the fit.

    Returns
    -------
    pandas.DataFrame
        The input rows that were used, with ``expected``, ``ratio``, ``p_value``,
        ``q_value``, ``is_under_reached``, ``slope_per_pct`` (the fitted relation).
    """
    usable = frame[(frame["households"] >= min_households) & frame["low_income_pct"].notna()
                   & frame["signals"].notna()].copy()
    if len(usable) < 5:
        return usable.assign(expected=np.nan, ratio=np.nan, p_value=np.nan, q_value=np.nan,
                             is_under_reached=False, slope_per_pct=np.nan)
    count = usable["signals"].to_numpy(dtype=float)
    exposure = usable["households"].to_numpy(dtype=float)
    x = usable["low_income_pct"].to_numpy(dtype=float)
    beta = fit_poisson_exposure(count, exposure, x)
    expected = exposure * np.exp(beta[0] + beta[1] * x)
    k = estimate_dispersion(count, expected)
    p = k / (k + expected)
    p_low = stats.nbinom.cdf(count, k, p)  # P(X <= observed)
    q = benjamini_hochberg(p_low)
    usable["expected"] = np.round(expected, 1)
    usable["ratio"] = np.round(count / expected, 3)
    usable["p_value"] = p_low
    usable["q_value"] = q
    usable["is_under_reached"] = (q <= alpha) & (count < expected)
    usable["slope_per_pct"] = beta[1]
    return usable
