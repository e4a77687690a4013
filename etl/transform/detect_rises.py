"""Flag unusual rises in an area's signal count without chasing noise.

Method (documented in docs/analytics.md): each area's expected count for a month is its own
deseasonalised mean over the previous 12 months, times the month's seasonal factor and the
recent trend, both estimated on the gemeente as a whole (pooled, because a single buurt is
too small to estimate them). Counts are modelled as negative binomial around that
expectation, with the overdispersion estimated per level from the areas' own history. A rise
is flagged when the upper-tail probability is small after Benjamini-Hochberg correction
over all areas of a level in that month, so the expected share of false alarms among the
flags stays at the configured level. Months with a partner delivery problem are not
judged, and not used as history.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

HISTORY_MONTHS = 12
MIN_HISTORY = 12
TREND_MONTHS = 3
TREND_BOUNDS = (0.8, 1.25)


@dataclass(frozen=True)
class RiseSettings:
    """How strict the rise detection is."""

    alpha: float = 0.05  # false discovery rate per level and month
    interval: float = 0.90  # width of the prediction interval shown next to the count
    min_observed: int = 5  # below this a rise is never flagged (and not published)


def seasonal_factors(total: pd.Series) -> pd.Series:
    """Seasonal factor per calendar month from the gemeente's monthly totals.

    The ratio of each month to its centred 12-month moving average, averaged per calendar
    month and normalised to mean 1; all ones when there are fewer than 24 months.

    Parameters
    ----------
    total
        Gemeente counts indexed by month (first day, ascending, no gaps).

    Returns
    -------
    pandas.Series
        Factor per calendar month 1..12.
    """
    months = pd.Series(range(1, 13), index=range(1, 13), dtype=float)
    if len(total) < 24:
        return months * 0 + 1.0
    centred = total.rolling(13, center=True).apply(
        lambda w: (0.5 * w.iloc[0] + w.iloc[1:-1].sum() + 0.5 * w.iloc[-1]) / 12, raw=False)
    ratio = (total / centred).dropna()
    by_month = ratio.groupby(ratio.index.month).mean().reindex(months.index)
    by_month = by_month.fillna(1.0)
    return by_month / by_month.mean()


def _nb_params(mean: np.ndarray, dispersion: float) -> tuple[np.ndarray, np.ndarray]:
    """scipy's (n, p) for a negative binomial with mean and Var = mean + mean^2 / k."""
    k = max(dispersion, 1e-6)
    n = np.full_like(mean, k, dtype=float)
    p = k / (k + mean)
    return n, p


def estimate_dispersion(observed: np.ndarray, expected: np.ndarray) -> float:
    """Method-of-moments negative-binomial k from history; large k means Poisson-like."""
    ok = expected > 0
    if ok.sum() < 10:
        return 1e6
    o, e = observed[ok], expected[ok]
    excess = ((o - e) ** 2 - e).sum()
    if excess <= 0:
        return 1e6
    return float((e ** 2).sum() / excess)


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted q-values (NaN stays NaN)."""
    q = np.full_like(p_values, np.nan, dtype=float)
    ok = ~np.isnan(p_values)
    p = p_values[ok]
    if len(p) == 0:
        return q
    order = np.argsort(p)
    ranked = p[order] * len(p) / (np.arange(len(p)) + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty_like(p)
    out[order] = np.minimum(adjusted, 1.0)
    q[ok] = out
    return q


def _trailing_mean(values: np.ndarray, areas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and count of the previous ``HISTORY_MONTHS`` values of the same area.

    Rows are sorted by area and month without gaps. Cumulative sums do for all areas at
    once what a rolling window per area would do in a Python loop (national data has
    tens of thousands of areas). The mean needs ``MIN_HISTORY - 2`` known months; the
    count is only given once the window lies wholly inside the area's series.
    """
    n = len(values)
    row = np.arange(n)
    starts = np.ones(n, dtype=bool)
    starts[1:] = areas[1:] != areas[:-1]
    first = np.maximum.accumulate(np.where(starts, row, 0))
    known = ~np.isnan(values)
    total = np.concatenate(([0.0], np.cumsum(np.where(known, values, 0.0))))
    count = np.concatenate(([0], np.cumsum(known)))
    low = np.maximum(first, row - HISTORY_MONTHS)
    window_sum, window_count = total[row] - total[low], count[row] - count[low]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(window_count >= MIN_HISTORY - 2, window_sum / window_count, np.nan)
    history = np.where(row - first >= HISTORY_MONTHS - 1, window_count, np.nan)
    return pd.Series(mean), pd.Series(history)


def detect_rises(
    counts: pd.DataFrame,
    gemeente: pd.Series,
    problem_months: set,
    settings: RiseSettings | None = None,
) -> pd.DataFrame:
    """Expected count, interval and rise flag for every area and month with enough history.

    Parameters
    ----------
    counts
        Exact monthly counts: ``area_code``, ``area_level``, ``month`` (Timestamp),
        ``signals``; one row per area and month, no gaps.
    gemeente
        Gemeente monthly totals indexed by month (for seasonality and trend).
    problem_months
        Months (Timestamps) with a partner delivery problem: not judged, not history.
    settings
        Strictness; defaults to :class:`RiseSettings`.

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``area_level``, ``month``, ``observed``, ``expected``, ``lower``,
        ``upper``, ``p_value``, ``q_value``, ``is_rise``, ``is_delivery_problem``.
    """
    settings = settings or RiseSettings()
    season = seasonal_factors(gemeente.sort_index())
    frame = counts.sort_values(["area_code", "month"]).reset_index(drop=True)
    factor = frame["month"].dt.month.map(season).to_numpy(dtype=float)
    is_problem = frame["month"].isin(problem_months).to_numpy()
    deseasonalised = frame["signals"].to_numpy(dtype=float) / factor
    deseasonalised[is_problem] = np.nan
    baseline, history = _trailing_mean(deseasonalised, frame["area_code"].to_numpy())

    gemeente_des = gemeente.sort_index() / gemeente.sort_index().index.month.map(season).values
    gemeente_des[gemeente_des.index.isin(problem_months)] = np.nan
    recent = gemeente_des.shift(1).rolling(TREND_MONTHS, min_periods=2).mean()
    longer = gemeente_des.shift(1).rolling(HISTORY_MONTHS, min_periods=MIN_HISTORY - 2).mean()
    trend = (recent / longer).clip(*TREND_BOUNDS).fillna(1.0)
    frame["expected"] = baseline * factor * frame["month"].map(trend).to_numpy(dtype=float)
    enough = (history >= MIN_HISTORY - 2).to_numpy() & frame["expected"].notna().to_numpy()

    out = []
    for _level, part in frame[enough].groupby("area_level"):
        observed = part["signals"].to_numpy(dtype=float)
        expected = part["expected"].to_numpy(dtype=float)
        judged = ~part["month"].isin(problem_months).to_numpy()
        k = estimate_dispersion(observed[judged], expected[judged])
        n, p = _nb_params(np.maximum(expected, 1e-9), k)
        tail = (1 - settings.interval) / 2
        lower = stats.nbinom.ppf(tail, n, p)
        upper = stats.nbinom.ppf(1 - tail, n, p)
        p_value = stats.nbinom.sf(observed - 1, n, p)  # P(X >= observed)
        p_value[~judged] = np.nan
        q_value = np.full_like(p_value, np.nan)
        months = part["month"].to_numpy()
        for month in np.unique(months):
            mask = months == month
            q_value[mask] = benjamini_hochberg(p_value[mask])
        result = part[["area_code", "area_level", "month"]].copy()
        result["observed"] = observed.astype(int)
        result["expected"] = np.round(expected, 2)
        result["lower"] = lower.astype(int)
        result["upper"] = upper.astype(int)
        result["p_value"] = p_value
        result["q_value"] = q_value
        result["is_rise"] = (q_value <= settings.alpha) & (observed >= settings.min_observed) \
            & (observed > expected)
        result["is_delivery_problem"] = ~judged
        result["dispersion"] = k
        out.append(result)
    if not out:
        return pd.DataFrame(columns=["area_code", "area_level", "month", "observed", "expected",
                                     "lower", "upper", "p_value", "q_value", "is_rise",
                                     "is_delivery_problem", "dispersion"])
    return pd.concat(out, ignore_index=True)
