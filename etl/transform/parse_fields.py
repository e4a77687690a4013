"""Parse the text that deliveries carry into dates and amounts, vectorised.

Exports from municipal systems mix Dutch and ISO conventions (``31-01-2024`` next to
``2024-01-31``, ``1.234,56`` next to ``1234.56``); parsing once, here, keeps every reader
simple and every format treated alike.
"""

from __future__ import annotations

import pandas as pd

from etl.transform.distinct_values import per_distinct

_DATE_FORMATS: tuple[tuple[str, str], ...] = (
    (r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d"),
    (r"^\d{4}-\d{2}-\d{2}[T ]", "ISO8601"),
    (r"^\d{1,2}-\d{1,2}-\d{4}$", "%d-%m-%Y"),
    (r"^\d{1,2}/\d{1,2}/\d{4}$", "%d/%m/%Y"),
    (r"^\d{1,2}\.\d{1,2}\.\d{4}$", "%d.%m.%Y"),
    (r"^\d{8}$", "%Y%m%d"),
)


def parse_dates(raw: pd.Series) -> pd.Series:
    """Parse ISO and Dutch day-first dates; anything else becomes NaT.

    Parameters
    ----------
    raw
        Date text as delivered.

    Returns
    -------
    pandas.Series
        ``datetime64[ns]`` dates (time of day dropped), NaT where not a valid date.
    """
    return per_distinct(raw, _parse_dates_each)


def _parse_dates_each(raw: pd.Series) -> pd.Series:
    text = raw.astype("string").str.strip()
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    for pattern, fmt in _DATE_FORMATS:
        mask = text.str.contains(pattern, regex=True, na=False) & out.isna()
        if not mask.any():
            continue
        if fmt == "ISO8601":
            # Check the whole timestamp, but keep the date as written: converting to UTC
            # would move a signal of 00:30 Dutch time to the previous day (and month).
            valid = pd.to_datetime(text[mask], format="ISO8601", errors="coerce", utc=True)
            written = text[mask].str.slice(0, 10).where(valid.notna())
            parsed = pd.to_datetime(written, format="%Y-%m-%d", errors="coerce")
        else:
            parsed = pd.to_datetime(text[mask], format=fmt, errors="coerce")
        out.loc[mask] = parsed.dt.normalize().astype("datetime64[ns]")
    return out


def parse_amounts(raw: pd.Series) -> pd.Series:
    """Parse euro amounts written the Dutch (``1.234,56``) or the ISO (``1234.56``) way.

    A single comma is a decimal comma; dots followed by exactly three digits are thousands
    separators (Dutch); when both appear, the last one is the decimal separator.

    Parameters
    ----------
    raw
        Amount text as delivered (``€``, spaces and a leading ``+`` are ignored).

    Returns
    -------
    pandas.Series
        ``Float64`` amounts, NA where empty or not a number.
    """
    return per_distinct(raw, _parse_amounts_each)


def _parse_amounts_each(raw: pd.Series) -> pd.Series:
    text = (
        raw.astype("string")
        .str.replace(r"[€\s\u00a0]|EUR", "", regex=True)
        .str.lstrip("+")
    )
    has_comma = text.str.contains(",", regex=False, na=False)
    has_dot = text.str.contains(".", regex=False, na=False)
    last_comma = text.str.rfind(",")
    last_dot = text.str.rfind(".")
    comma_decimal = has_comma & (~has_dot | (last_comma > last_dot))
    dot_thousands = ~has_comma & text.str.fullmatch(r"-?\d{1,3}(\.\d{3})+", na=False)
    normalised = text.copy()
    normalised = normalised.mask(
        comma_decimal, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    )
    normalised = normalised.mask(
        has_comma & ~comma_decimal, text.str.replace(",", "", regex=False)
    )
    normalised = normalised.mask(dot_thousands, text.str.replace(".", "", regex=False))
    valid = normalised.str.fullmatch(r"-?\d+(\.\d+)?", na=False)
    values = pd.to_numeric(normalised.where(valid), errors="coerce")
    return pd.Series(values, index=raw.index).astype("Float64")


_TRUE = {"true", "ja", "j", "1", "yes", "y", "waar"}
_FALSE = {"false", "nee", "n", "0", "no", "onwaar"}


def parse_booleans(raw: pd.Series) -> pd.Series:
    """Parse ja/nee, true/false and 1/0 into a nullable boolean."""
    if isinstance(raw.dtype, pd.BooleanDtype):
        return raw
    text = raw.astype("string").str.strip().str.lower()
    out = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    out[text.isin(_TRUE).fillna(False)] = True
    out[text.isin(_FALSE).fillna(False)] = False
    return out
