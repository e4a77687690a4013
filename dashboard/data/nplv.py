"""The numbers of the Groningen-Noord page: the gap with the rest of the gemeente over time.

The NPLV coalition meets to see whether the northern wijken are catching up, so everything
here is a series since the first month (or the baseline year) with its uncertainty, for the
focus area against the rest of the gemeente and for each of its neighbourhoods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.data.areas import area_name
from dashboard.data.meta import available_months, read_meta
from dashboard.data.published import published
from dashboard.data.series import difference_series, rate_series

FOCUS_AREA = "nplv-noord"
REST_AREA = "nplv-rest"
DIVISION = "nplv"
NEIGHBOURHOOD_DIVISION = "nplv_wijken"


@dataclass(frozen=True)
class GapData:
    """The focus area and the rest of the gemeente per month, and the gap between them."""

    series: pd.DataFrame
    difference: pd.DataFrame
    names: dict[str, str]
    first_month: date | None
    last_month: date | None


@dataclass(frozen=True)
class NeighbourhoodData:
    """The NPLV neighbourhoods' series with the gemeente's as the common reference."""

    series: pd.DataFrame
    areas: pd.DataFrame
    gemeente_code: str
    gemeente_name: str
    first_month: date | None
    last_month: date | None


@dataclass(frozen=True)
class StructureData:
    """Yearly CBS figures of the focus area and the rest since the baseline year."""

    frame: pd.DataFrame
    names: dict[str, str]
    baseline_year: int | None
    sources: tuple[str, ...]
    is_demo: bool


def division_areas(division: str) -> pd.DataFrame:
    """The custom areas of a division, so the page follows the published area file.

    Parameters
    ----------
    division
        ``nplv`` (focus area and rest) or ``nplv_wijken`` (the neighbourhoods).

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``area_name``, ``buurten``, ordered by name.
    """
    return published().query("nplv__areas", division=division)


def _month_range() -> tuple[date | None, date | None]:
    months = available_months()
    return (months[0], months[-1]) if months else (None, None)


def gap_data(window: int) -> GapData:
    """Rates of Groningen-Noord and the rest of the gemeente, and their difference.

    Parameters
    ----------
    window
        Months averaged per point (1, 3 or 12); rates are per month.

    Returns
    -------
    GapData
        ``series`` (one row per area and month, see
        :func:`dashboard.data.series.rate_series`, plus ``area_name``), ``difference``
        (focus minus rest: ``month``, ``rate``, ``lower``, ``upper``), names and the first
        and last month with data.
    """
    areas = division_areas(DIVISION)
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    series = rate_series([FOCUS_AREA, REST_AREA], window)
    series["area_name"] = series["area_code"].map(names)
    first, last = _month_range()
    return GapData(series=series,
                   difference=difference_series(series, FOCUS_AREA, REST_AREA),
                   names=names, first_month=first, last_month=last)


def neighbourhood_data(window: int) -> NeighbourhoodData:
    """Rates of every NPLV neighbourhood and of the whole gemeente, per month.

    Parameters
    ----------
    window
        Months averaged per point (1, 3 or 12); rates are per month.

    Returns
    -------
    NeighbourhoodData
        ``series`` (one row per area and month, gemeente included), the neighbourhoods
        (``area_code``, ``area_name``, ``buurten``) and the gemeente's code and name.
    """
    areas = division_areas(NEIGHBOURHOOD_DIVISION)
    gemeente = read_meta().gemeente_code or "GM0014"
    series = rate_series([*areas["area_code"], gemeente], window)
    first, last = _month_range()
    return NeighbourhoodData(series=series, areas=areas, gemeente_code=gemeente,
                             gemeente_name=area_name(gemeente) or gemeente,
                             first_month=first, last_month=last)


def structure_data() -> StructureData:
    """Households, low income, social minimum and problematic debts per year, NPLV vs rest.

    Returns
    -------
    StructureData
        ``frame`` with one row per area and year since the baseline year: shares and the
        number of households behind each share (``*_households``), ``source``; the names,
        the baseline year, the distinct sources and whether the figures are synthetic.
    """
    areas = division_areas(DIVISION)
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    frame = published().query("nplv__structure", codes=[FOCUS_AREA, REST_AREA])
    frame["area_name"] = frame["area_code"].map(names)
    parts = frame["source"].dropna().str.replace("herberekend uit buurten: ", "", regex=False)
    sources = tuple(sorted({s.strip() for text in parts for s in text.split(";") if s.strip()}))
    return StructureData(
        frame=frame, names=names,
        baseline_year=int(frame["year"].min()) if len(frame) else None,
        sources=sources,
        is_demo=bool(frame["is_demo"].any()) if len(frame) else read_meta().is_demo,
    )
