"""Parse the text that deliveries carry into dates and amounts, vectorised.

Exports from municipal systems mix Dutch and ISO conventions (``31-01-2024`` next to
``2024-01-31``, ``1.234,56`` next to ``1234.56``); parsing once, here, keeps every reader
simple and every format treated alike.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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


#: What is not part of an amount: the euro sign, "EUR" and whitespace. RE2's ``\\s`` is ASCII
#: only, so the Unicode separators (no-break space and the like) are named too.
_NOT_AMOUNT = r"[€\s\x0B\x1C-\x1F\x{85}\p{Z}]|EUR"


def _parse_amounts_each(raw: pd.Series) -> pd.Series:
    # Arrow kernels, not pandas' object fallbacks: a delivery has nearly one distinct amount
    # per signal, so this runs on hundreds of thousands of values.
    text = pa.array(raw.astype("string[pyarrow]").array, pa.large_string())
    text = pc.utf8_ltrim(pc.replace_substring_regex(text, _NOT_AMOUNT, ""), "+")
    has_comma = pc.match_substring(text, ",")
    # The last separator is the decimal one: a comma with no dot after it is decimal.
    comma_decimal = pc.match_substring_regex(text, r",[^.]*$")
    dot_thousands = pc.and_(pc.invert(has_comma),
                            pc.match_substring_regex(text, r"^-?\d{1,3}(\.\d{3})+$"))
    without_dots = pc.replace_substring(text, ".", "")
    normalised = pc.case_when(
        pc.make_struct(comma_decimal, has_comma, dot_thousands),
        pc.replace_substring(without_dots, ",", "."),
        pc.replace_substring(text, ",", ""),
        without_dots,
        text,
    )
    valid = pc.fill_null(pc.match_substring_regex(normalised, r"^-?\d+(\.\d+)?$"), False)
    numbers = pc.cast(pc.if_else(valid, normalised, pa.scalar(None, pa.large_string())),
                      pa.float64())
    return pd.Series(pd.array(numbers, dtype="Float64"), index=raw.index)


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
