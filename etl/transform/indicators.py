"""Shape CBS figures for storage: one gemeente, one year, every NULL with its reason."""

from __future__ import annotations

import pandas as pd

MEASURE_NAMES = ("inhabitants", "households", "low_income_pct", "social_minimum_pct",
                 "problematic_debt_pct")


def select_gemeente_areas(indicators: pd.DataFrame, gemeenten: list[str] | None) -> pd.DataFrame:
    """Keep the gemeente rows and the wijken and buurten inside them (by code structure)."""
    if not gemeenten:
        return indicators
    digits = {g.upper().removeprefix("GM") for g in gemeenten}
    inner = indicators["area_code"].str.slice(2, 6)
    return indicators[inner.isin(digits)].reset_index(drop=True)


def indicator_rows(
    indicators: pd.DataFrame, *, year: int, source: str, run_id: int, is_demo: bool
) -> pd.DataFrame:
    """Rows for ``raw.cbs_indicator``: percentages checked to lie in 0-100.

    Parameters
    ----------
    indicators
        Long rows from a reader (``area_code``, ``measure``, ``value``, ``null_reason``).
    year
        The statistics year.
    source
        Provenance, e.g. ``CBS 85984NED`` or the file name.
    run_id
        The run.
    is_demo
        True for the demo's synthetic figures.

    Returns
    -------
    pandas.DataFrame
        Ready to append.
    """
    out = indicators.copy()
    is_pct = out["measure"].str.endswith("_pct")
    impossible = is_pct & ((out["value"] < 0) | (out["value"] > 100))
    out.loc[impossible, "null_reason"] = "onmogelijk percentage"
    out.loc[impossible, "value"] = pd.NA
    negative = ~is_pct & (out["value"] < 0)
    out.loc[negative, "null_reason"] = "negatief aantal"
    out.loc[negative, "value"] = pd.NA
    out["null_reason"] = out["null_reason"].where(out["value"].isna())
    out = out.drop_duplicates(["area_code", "measure"], keep="last")
    return out.assign(year=year, source=source, run_id=run_id, is_demo=is_demo)[
        ["area_code", "year", "measure", "value", "null_reason", "source", "is_demo", "run_id"]
    ]
