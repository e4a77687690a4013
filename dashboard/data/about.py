"""What "Over de data" tells: sources and years, deliveries, checks, and the structure fit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.published import published


@dataclass(frozen=True)
class AboutData:
    """Everything the 'Over de data' page shows besides the fixed definitions."""

    sources: pd.DataFrame
    deliveries: pd.Series
    code_check: pd.DataFrame


def about_data() -> AboutData:
    """Sources with their years, the deliveries behind the signals, and code checks.

    Returns
    -------
    AboutData
        Frames straight from the published file.
    """
    data = published()
    deliveries = data.query("over__deliveries")
    return AboutData(
        sources=data.query("over__sources"),
        deliveries=deliveries.iloc[0] if len(deliveries) else pd.Series(dtype=object),
        code_check=data.query("over__code_check"),
    )


def structure_comparison(level: str = "buurt") -> pd.DataFrame:
    """12-month signals against the low-income share, with the fitted expectation.

    Parameters
    ----------
    level
        ``buurt`` or ``wijk``.

    Returns
    -------
    pandas.DataFrame
        One row per area with ``signals`` (NULL when suppressed), ``households``,
        ``low_income_pct``, ``expected``, ``ratio``, ``is_under_reached``.
    """
    return published().query("over__structure", level=level)
