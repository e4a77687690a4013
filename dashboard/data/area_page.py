"""The numbers of one area's page: who it is, how it is doing this month, what is inside.

A wijkteam reads this page every month, so every number comes with its comparison (last
month, same month last year, gemeente, Groningen-Noord) and its absolute count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from dashboard.data.meta import read_meta
from dashboard.i18n import shift_month
from dashboard.data.published import published
from dashboard.data.rates import rate_per_thousand
from dashboard.data.series import series_rows

GEMEENTE_LEVEL = "gemeente"
FOCUS_AREA = "nplv-noord"


@dataclass(frozen=True)
class AreaInfo:
    """Identity of an area: name, level, parent, custom areas it belongs to."""

    code: str
    name: str
    level: str
    parent_code: str | None
    parent_name: str | None
    memberships: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    change_years: tuple[int, ...] = field(default_factory=tuple)


def area_info(code: str) -> AreaInfo | None:
    """Who an area is, or None when the code is unknown.

    Parameters
    ----------
    code
        Area code (``BU00141000``, ``WK001410``, ``GM0014``, ``nplv-noord`` ...).

    Returns
    -------
    AreaInfo or None
        Name, level, parent and memberships.
    """
    data = published()
    frame = data.query("gebied__area", code=code)
    if frame.empty:
        return None
    row = frame.iloc[0]
    memberships = data.query("gebied__memberships", code=code)
    changes = row["change_years"] if len(row["change_years"]) else []
    return AreaInfo(
        code=code,
        name=str(row["area_name"]),
        level=str(row["area_level"]),
        parent_code=None if pd.isna(row["parent_code"]) else str(row["parent_code"]),
        parent_name=None if pd.isna(row["parent_name"]) else str(row["parent_name"]),
        memberships=tuple((r.area_code, r.area_name) for r in memberships.itertuples()),
        change_years=tuple(int(y) for y in changes),
    )


@dataclass(frozen=True)
class Headline:
    """This month's figures of an area with their comparisons."""

    month: date
    signals: float | None
    households: float | None
    cbs_households: float | None
    rate: float | None
    rate_status: str
    previous_signals: float | None
    previous_rate: float | None
    last_year_signals: float | None
    last_year_rate: float | None
    gemeente_rate: float | None
    focus_rate: float | None
    expected: float | None
    lower: float | None
    upper: float | None
    is_rise: bool
    is_delivery_problem: bool


def _value(frame: pd.DataFrame, code: str, month: date, column: str) -> float | None:
    """One number of ``frame`` (indexed by area and month), None where absent or hidden."""
    try:
        value = frame.at[(code, pd.Timestamp(month)), column]
    except KeyError:
        return None
    return None if pd.isna(value) else float(value)


def headline(code: str, month: date) -> Headline:
    """The area's signals, households and rate in ``month`` with its comparisons.

    Parameters
    ----------
    code
        Area code.
    month
        The month shown (first day).

    Returns
    -------
    Headline
        Counts (None where suppressed), rates (None where not shown) and comparisons.
    """
    meta = read_meta()
    gemeente = meta.gemeente_for(code)
    codes = list(dict.fromkeys([code, gemeente, FOCUS_AREA]))
    series = series_rows(codes, 1)
    series["rate"], series["status"] = rate_per_thousand(
        series["signals"], series["cbs_households"], meta.min_households)
    previous, last_year = shift_month(month, -1), shift_month(month, -12)
    mine = series[(series["area_code"] == code) & (series["month"] == pd.Timestamp(month))]
    indexed = series.drop_duplicates(["area_code", "month"]).set_index(["area_code", "month"])
    rise = published().query("gebied__rise", code=code, month=month)
    has_rise = not rise.empty

    def rise_value(column: str) -> float | None:
        if not has_rise or pd.isna(rise[column].iloc[0]):
            return None
        return float(rise[column].iloc[0])

    return Headline(
        month=month,
        signals=_value(indexed, code, month, "signals"),
        households=_value(indexed, code, month, "households"),
        cbs_households=_value(indexed, code, month, "cbs_households"),
        rate=_value(indexed, code, month, "rate"),
        rate_status=str(mine["status"].iloc[0]) if len(mine) else "geen gegevens",
        previous_signals=_value(indexed, code, previous, "signals"),
        previous_rate=_value(indexed, code, previous, "rate"),
        last_year_signals=_value(indexed, code, last_year, "signals"),
        last_year_rate=_value(indexed, code, last_year, "rate"),
        gemeente_rate=_value(indexed, gemeente, month, "rate") if gemeente else None,
        focus_rate=_value(indexed, FOCUS_AREA, month, "rate"),
        expected=rise_value("expected"),
        lower=rise_value("lower"),
        upper=rise_value("upper"),
        is_rise=bool(has_rise and rise["is_rise"].iloc[0]),
        is_delivery_problem=bool(has_rise and rise["is_delivery_problem"].iloc[0]),
    )


def partner_breakdown(code: str, window: int) -> pd.DataFrame:
    """Signals per partner type and month (NULL where suppressed).

    Returns
    -------
    pandas.DataFrame
        ``month``, ``partner_type``, ``signals``.
    """
    frame = published().query("gebied__partners", code=code, window=window)
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def funnel(code: str, month: date, window: int) -> pd.Series | None:
    """The funnel of the area for the period ending in ``month`` (None without data)."""
    frame = published().query("gebied__funnel", code=code, month=month, window=window)
    return None if frame.empty else frame.iloc[0]


def members(code: str, month: date, window: int) -> pd.DataFrame:
    """The buurten (or wijken) inside the area with counts, CBS households and rates.

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``area_name``, ``signals``, ``households``, ``cbs_households``,
        ``low_income_pct``, ``rate``, ``status``.
    """
    meta = read_meta()
    frame = published().query("gebied__member_values", code=code, month=month, window=window)
    frame["rate"], frame["status"] = rate_per_thousand(
        frame["signals"], frame["cbs_households"], meta.min_households)
    return frame


def structure(codes: list[str]) -> pd.DataFrame:
    """Yearly CBS figures of the areas (households, low income, social minimum, debts)."""
    return published().query("gebied__indicators", codes=codes)
