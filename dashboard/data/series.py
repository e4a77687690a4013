"""Rates per 1,000 households over time, with exact 95 % intervals, for any list of areas.

A trend line only means something with its uncertainty: a small buurt's rate jumps from month
to month by chance alone. Every rate therefore carries an exact Poisson (Garwood) interval
computed from the published count; a suppressed count has no rate and no interval, never 0.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard.data.meta import read_meta
from dashboard.data.published import published
from dashboard.data.rates import STATUS_OK, rate_per_thousand

CONFIDENCE = 0.95
STATUS_INCOMPLETE = "onvolledige periode"


def garwood_interval(count: pd.Series, confidence: float = CONFIDENCE
                     ) -> tuple[pd.Series, pd.Series]:
    """Exact Poisson interval of a count, so small counts get honest, asymmetric bounds.

    Parameters
    ----------
    count
        Observed counts (NULL when suppressed).
    confidence
        Coverage of the interval (0.95 for 95 %).

    Returns
    -------
    tuple of pandas.Series
        Lower and upper bound of the expected count (Float64); NULL where the count is
        NULL; the lower bound of a count of 0 is 0.
    """
    from scipy.stats import chi2  # imported here: scipy.stats adds ~0.7 s to worker start-up

    alpha = 1 - confidence
    values = count.astype("Float64")
    k = values.to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        lower = np.where(k > 0, chi2.ppf(alpha / 2, 2 * k) / 2, 0.0)
        upper = chi2.ppf(1 - alpha / 2, 2 * (k + 1)) / 2
    missing = np.isnan(k)
    lower = pd.Series(np.where(missing, np.nan, lower), index=count.index).astype("Float64")
    upper = pd.Series(np.where(missing, np.nan, upper), index=count.index).astype("Float64")
    return lower.where(~missing), upper.where(~missing)


def add_rates(frame: pd.DataFrame, min_households: int, *, per_month: bool = True
              ) -> pd.DataFrame:
    """Rate, 95 % interval and status for counts with their CBS households.

    Parameters
    ----------
    frame
        ``signals`` (NULL when suppressed), ``cbs_households`` and ``months_covered``.
    min_households
        Rates need at least this many households.
    per_month
        True: divide by the months in the window, so a 1-, 3- and 12-month window give
        comparable "per month" rates; False: the rate over the whole window.

    Returns
    -------
    pandas.DataFrame
        A copy with ``rate``, ``lower``, ``upper`` (per 1,000 households, NULL when not
        shown) and ``status``.
    """
    out = frame.copy()
    rate, status = rate_per_thousand(out["signals"], out["cbs_households"], min_households)
    months = (out["months_covered"].astype("Float64") if per_month
              else pd.Series(1.0, index=out.index, dtype="Float64"))
    low_count, high_count = garwood_interval(out["signals"])
    scale = 1000 / (out["cbs_households"].astype("Float64") * months)
    shown = status == STATUS_OK
    out["rate"] = (rate / months).where(shown).astype("Float64")
    out["lower"] = (low_count * scale).where(shown).astype("Float64")
    out["upper"] = (high_count * scale).where(shown).astype("Float64")
    out["status"] = status
    return out


def series_rows(codes: list[str], window: int, partner: str = "Totaal") -> pd.DataFrame:
    """The published monthly counts of some areas (a copy the caller may change).

    An area page asks for the same series for its headline and its trend chart; the
    gemeente's and Groningen-Noord's series are on every page.
    """
    return _series_rows(published().version(), tuple(codes), window, partner).copy()


@lru_cache(maxsize=256)
def _series_rows(_version: object, codes: tuple[str, ...], window: int,
                 partner: str) -> pd.DataFrame:
    frame = published().query("shared__rate_series", codes=list(codes), window=window,
                              partner=partner)
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def rate_series(codes: list[str], window: int, partner: str = "Totaal", *,
                per_month: bool = True, complete_only: bool = True) -> pd.DataFrame:
    """Monthly (or rolling-window) rates of some areas, each with its 95 % interval.

    Parameters
    ----------
    codes
        Area codes (buurt, wijk, gemeente or custom areas such as ``nplv-noord``).
    window
        Window length in months (1, 3 or 12); each month's value covers the window ending
        in it.
    partner
        Partner type, or ``Totaal`` for all signals.
    per_month
        Express rates per month (see :func:`add_rates`).
    complete_only
        Drop the first months whose window is not yet full, so every point averages the
        same number of months.

    Returns
    -------
    pandas.DataFrame
        One row per area and month: ``area_code``, ``month`` (Timestamp), ``signals``,
        ``households``, ``months_covered``, ``structure_year``, ``cbs_households``,
        ``rate``, ``lower``, ``upper`` and ``status``.
    """
    frame = series_rows(codes, window, partner)
    if complete_only:
        frame = frame[frame["months_covered"] >= window].reset_index(drop=True)
    return add_rates(frame, read_meta().min_households, per_month=per_month)


def difference_series(frame: pd.DataFrame, code: str, reference: str) -> pd.DataFrame:
    """The gap between two areas' rates per month, with an approximate 95 % interval.

    The interval combines the two exact intervals with the MOVER method (Newcombe): the
    distances from each rate to its own bounds are added in quadrature.

    Parameters
    ----------
    frame
        Output of :func:`rate_series` holding both areas.
    code
        The area whose rate comes first (e.g. ``nplv-noord``).
    reference
        The area subtracted (e.g. ``nplv-rest``).

    Returns
    -------
    pandas.DataFrame
        ``month``, ``rate`` (code minus reference), ``lower``, ``upper``; NULL in months
        where either rate is not shown.
    """
    columns = ["month", "rate", "lower", "upper"]
    mine = frame.loc[frame["area_code"] == code, columns]
    other = frame.loc[frame["area_code"] == reference, columns]
    both = (mine.merge(other, on="month", how="inner", suffixes=("_a", "_b"))
            .sort_values("month").set_index("month"))
    gap = both["rate_a"] - both["rate_b"]
    down = ((both["rate_a"] - both["lower_a"]) ** 2 + (both["upper_b"] - both["rate_b"]) ** 2)
    up = ((both["upper_a"] - both["rate_a"]) ** 2 + (both["rate_b"] - both["lower_b"]) ** 2)
    out = pd.DataFrame({"rate": gap, "lower": gap - down ** 0.5, "upper": gap + up ** 0.5})
    return out.astype("Float64").rename_axis("month").reset_index()
