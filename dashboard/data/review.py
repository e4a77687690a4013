"""The numbers of the monthly signal review: every area of a level in one month, the
completeness of the partners' deliveries, and what the newest load run did.

Analysts go through this once a month to decide where to look closer, so every count keeps
its disclosure status: a suppressed count (NULL in the published file) stays unknown and is
never used as 0, not in a rate, not in a change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard.data.meta import read_meta
from dashboard.data.published import FileIdentity, published
from dashboard.data.rates import STATUS_NO_DATA, STATUS_OK, rate_per_thousand

LEVELS = ("buurt", "wijk", "nplv_wijken")
SERIES_MONTHS = 12


@dataclass(frozen=True)
class MonthReview:
    """Every area of one level in one month, ready to be put in words."""

    level: str
    month: date
    threshold: int
    min_households: int
    structure_year: int | None
    frame: pd.DataFrame


def signal_change(current: pd.Series, previous: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Change in signals and in %, unknown wherever either count is suppressed or missing.

    Parameters
    ----------
    current
        This month's counts (NA when suppressed or not published).
    previous
        The counts compared with (last month, or the same month last year).

    Returns
    -------
    tuple of pandas.Series
        ``Float64`` absolute change and percentage change; the percentage is NA when the
        earlier count is 0 (a rise from nothing has no percentage).
    """
    current = current.astype("Float64")
    previous = previous.astype("Float64")
    absolute = current - previous
    relative = (absolute / previous * 100).where(previous > 0)
    return absolute, relative.astype("Float64")


def _series(values: object, present: object) -> tuple[tuple[int | None, ...],
                                                      tuple[bool, ...]]:
    """One area's 12 monthly counts (None where suppressed or not published) and which
    months were published at all."""
    if not isinstance(values, list | np.ndarray) or not isinstance(present, list | np.ndarray):
        return (None,) * SERIES_MONTHS, (False,) * SERIES_MONTHS
    # DuckDB hands lists with NULLs over as masked arrays; tolist() turns masks into None.
    values = values.tolist() if isinstance(values, np.ndarray) else values
    present = present.tolist() if isinstance(present, np.ndarray) else present
    published_months = tuple(bool(has) for has in present)
    counts = tuple(None if (not has or v is None or pd.isna(v)) else int(v)
                   for v, has in zip(values, published_months, strict=True))
    return counts, published_months


@lru_cache(maxsize=64)
def _review(version: FileIdentity, level: str, month: date) -> MonthReview:
    meta = read_meta()
    raw = published().query("maand__review", level=level, month=month)
    has_month = raw["has_month"].fillna(False).astype(bool)
    signals = raw["signals"].astype("Int64")
    households = raw["cbs_households"].astype("Float64")
    rate, rate_status = rate_per_thousand(signals, households, meta.min_households)
    rate_status = rate_status.where(has_month, STATUS_NO_DATA)
    status = pd.Series(np.where(~has_month, STATUS_NO_DATA,
                                np.where(signals.isna(), "onderdrukt", STATUS_OK)),
                       index=raw.index)
    change_month, change_month_pct = signal_change(signals, raw["signals_previous"])
    change_year, change_year_pct = signal_change(signals, raw["signals_year_ago"])
    series = [_series(v, p) for v, p in zip(raw["series"], raw["series_has_row"], strict=True)]
    frame = pd.DataFrame({
        "area_code": raw["area_code"].astype(str),
        "area_name": raw["area_name"].astype(str),
        "signals": signals,
        "status": status,
        "cbs_households": raw["cbs_households"].astype("Int64"),
        "rate": rate.where(rate_status == STATUS_OK),
        "rate_status": rate_status,
        "change_month": change_month,
        "change_month_pct": change_month_pct,
        "change_year": change_year,
        "change_year_pct": change_year_pct,
        "series": [counts for counts, _ in series],
        "series_published": [months for _, months in series],
        "expected": raw["expected"].astype("Float64"),
        "lower": raw["lower"].astype("Int64"),
        "upper": raw["upper"].astype("Int64"),
        "q_value": raw["q_value"].astype("Float64"),
        "is_rise": raw["is_rise"].astype("boolean"),
        "is_delivery_problem": raw["is_delivery_problem"].astype("boolean"),
    })
    years = raw["structure_year"].dropna()
    return MonthReview(level=level, month=month, threshold=meta.threshold,
                       min_households=meta.min_households,
                       structure_year=int(years.iloc[0]) if len(years) else None, frame=frame)


def review_month(level: str, month: date) -> MonthReview:
    """Every area of ``level`` in ``month`` with its changes, trend and expected count.

    Parameters
    ----------
    level
        ``buurt``, ``wijk`` or ``nplv_wijken``.
    month
        First day of the month reviewed.

    Returns
    -------
    MonthReview
        One row per area (``area_code``, ``area_name``, ``signals``, ``status``,
        ``cbs_households``, ``rate``, ``rate_status``, ``change_month``,
        ``change_month_pct``, ``change_year``, ``change_year_pct``, ``series`` (12 counts,
        oldest first, None where suppressed or not published), ``series_published`` (12
        booleans: was the month published at all), ``expected``, ``lower``,
        ``upper``, ``q_value``, ``is_rise``, ``is_delivery_problem``), cached per published
        file; do not modify the frame.
    """
    return _review(published().version(), level, month)


def delivery_completeness(month: date) -> pd.DataFrame:
    """Per partner type and month, for the 12 months ending with ``month``: delivered or not.

    Parameters
    ----------
    month
        Last month shown.

    Returns
    -------
    pandas.DataFrame
        One row per partner type and month with ``signals`` (NA when suppressed),
        ``is_missing``, ``is_low`` and ``has_row`` (False: nothing published for that
        month); partner types with the most signals first.
    """
    frame = published().query("maand__completeness", month=month)
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    frame["signals"] = frame["signals"].astype("Int64")
    return frame


@dataclass(frozen=True)
class LoadReport:
    """What the newest load run read, loaded, skipped and quarantined, and from which files."""

    command: str
    started_at: pd.Timestamp | None
    finished_at: pd.Timestamp | None
    status: str
    rows_read: int
    rows_loaded: int
    rows_duplicate: int
    rows_quarantined: int
    reasons: pd.DataFrame  # reason, rows (most first)
    files: pd.DataFrame  # source_file, source_format, period_start, period_end, rows_*,
    #                      reasons (tuple of (reason, rows))


def quarantine_reasons(rows_quarantined_json: str | None) -> pd.DataFrame:
    """The run's quarantine counts per reason, most first, from the JSON the ETL stores.

    Parameters
    ----------
    rows_quarantined_json
        ``{"reason": rows, ...}`` or None.

    Returns
    -------
    pandas.DataFrame
        Columns ``reason`` and ``rows``.
    """
    try:
        counts = json.loads(rows_quarantined_json) if rows_quarantined_json else {}
    except (TypeError, ValueError):
        counts = {}
    if not isinstance(counts, dict):
        counts = {}
    frame = pd.DataFrame({"reason": [str(k) for k in counts],
                          "rows": [int(v) for v in counts.values()]})
    return frame.sort_values(["rows", "reason"], ascending=[False, True], ignore_index=True)


def _count(value: object) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def latest_load_report() -> LoadReport | None:
    """The newest load run with its per-reason and per-file counts; None before any run.

    Returns
    -------
    LoadReport or None
        Counts that satisfy ``rows_read == rows_loaded + rows_duplicate +
        rows_quarantined`` when the ETL's report did.
    """
    data = published()
    run = data.query("maand__load_run")
    if run.empty:
        return None
    row = run.iloc[0]
    reasons = quarantine_reasons(row["rows_quarantined_json"])
    files = data.query("maand__load_files")
    files["reasons"] = [
        tuple((str(item["reason"]), int(item["rows"])) for item in items)
        if isinstance(items, list | np.ndarray) else ()
        for items in files["reasons"]
    ]

    def stamp(value: object) -> pd.Timestamp | None:
        return None if value is None or pd.isna(value) else pd.Timestamp(value)

    return LoadReport(
        command=str(row["command"]),
        started_at=stamp(row["started_at"]),
        finished_at=stamp(row["finished_at"]),
        status=str(row["status"]),
        rows_read=_count(row["rows_read"]),
        rows_loaded=_count(row["rows_loaded"]),
        rows_duplicate=_count(row["rows_duplicate"]),
        rows_quarantined=int(reasons["rows"].sum()),
        reasons=reasons,
        files=files,
    )
