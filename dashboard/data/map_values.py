"""The numbers behind one map: an indicator per area for one period, with its status.

A value is only a number when it may be shown: counts below the disclosure threshold arrive
suppressed (NULL) from the published file and stay suppressed; rates need at least the
published minimum of households. Every area gets a status the UI can put in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.data.meta import read_meta
from dashboard.data.published import published
from dashboard.data.rates import (
    STATUS_NO_DATA,
    STATUS_OK,
    rate_per_thousand,
    reach_percentage,
    share_status,
)
from dashboard.indicators import BY_KEY

@dataclass(frozen=True)
class MapValues:
    """One indicator for every area of a level, plus the gemeente's own value."""

    # area_code, area_name, value, count, denominator, status; with several gemeenten
    # published (a national or shared file) also gemeente_value: the area's own gemeente.
    frame: pd.DataFrame
    gemeente_value: float | None  # None when several gemeenten are published
    gemeente_count: float | None
    structure_year: int | None
    per_month: bool = False  # rates averaged per month over a window of several months


def own_gemeente_values(areas: pd.DataFrame, gemeenten: pd.DataFrame) -> pd.Series:
    """Each area's own gemeente's value: a buurt or wijk code carries its gemeente
    (BU0014xxxx and WK0014xx lie in GM0014); custom areas get none."""
    by_code = gemeenten.set_index("area_code")["value"]
    code = areas["area_code"].astype("string")
    own = ("GM" + code.str.slice(2, 6)).where(code.str.match(r"^(BU|WK)\d{4}"))
    return pd.Series(by_code.reindex(own.to_numpy()).to_numpy(dtype=float), index=areas.index)


def averages_per_month(key: str, window: int) -> bool:
    """Signal rates over a window are shown per month, so 1, 3 and 12 months read alike;
    distinct households with a signal cannot be split over months and stay per period."""
    return window > 1 and BY_KEY[key].kind == "rate" and key != "huishoudens"


def _indicator(frame: pd.DataFrame, key: str, min_households: int,
               per_month: bool = False) -> pd.DataFrame:
    kind = BY_KEY[key].kind
    households = frame["cbs_households"].astype("Float64")
    if kind == "rate":
        count = (frame["households"] if key == "huishoudens" else frame["signals"])
        value, status = rate_per_thousand(count, households, min_households)
        if per_month:
            value = value / frame["months_covered"].astype("Float64")
        count, denominator = count.astype("Float64"), households
    elif kind == "pct":
        column = "low_income_pct" if key == "laag_inkomen" else "problematic_debt_pct"
        value = frame[column].astype("Float64")
        status = share_status(value, households, min_households)
        count, denominator = (value * households / 100).round(), households
    else:
        complete = frame["months_with_case_data"].fillna(0) >= frame["months_covered"].fillna(1)
        value, status = reach_percentage(frame["reached"], frame["funnel_signals"], complete)
        count = frame["reached"].astype("Float64")
        denominator = frame["funnel_signals"].astype("Float64")
    if kind != "pct":
        # No row at all: the window reaches back before the first month with data.
        status = status.where(frame["months_covered"].notna(), STATUS_NO_DATA)
    return pd.DataFrame({
        "area_code": frame["area_code"],
        "area_name": frame["area_name"],
        "value": value.astype("Float64").where(status == STATUS_OK),
        "count": count,
        "denominator": denominator,
        "status": status,
    })


def map_values(level: str, month: date, window: int, indicator: str,
               partner: str = "Totaal") -> MapValues:
    """Indicator values of every area of ``level`` for the period ending in ``month``.

    Parameters
    ----------
    level
        ``buurt``, ``wijk`` or a custom division.
    month
        Last month of the period.
    window
        Period length in months (1, 3 or 12).
    indicator
        Key from :data:`dashboard.indicators.INDICATORS`.
    partner
        Partner type for the ``partner`` indicator ('Totaal' otherwise).

    Returns
    -------
    MapValues
        Values with status per area, and the gemeente value for comparison.
    """
    meta = read_meta()
    partner = partner if indicator == "partner" else "Totaal"
    params = {"month": month, "window": window, "partner": partner}
    areas = published().query("kaart__values", level=level, **params)
    gemeente = published().query("kaart__values", level="gemeente", **params)
    per_month = averages_per_month(indicator, window)
    values = _indicator(areas, indicator, meta.min_households, per_month)
    gemeente_values = _indicator(gemeente, indicator, meta.min_households, per_month)
    first = gemeente_values.iloc[0] if len(gemeente_values) == 1 else None
    if len(gemeente_values) > 1:
        values = values.assign(gemeente_value=own_gemeente_values(values, gemeente_values))
    structure_year = areas["structure_year"].dropna()
    return MapValues(
        frame=values,
        gemeente_value=None if first is None or pd.isna(first["value"]) else float(first["value"]),
        gemeente_count=None if first is None or pd.isna(first["count"]) else float(first["count"]),
        structure_year=int(structure_year.iloc[0]) if len(structure_year) else None,
        per_month=per_month,
    )
