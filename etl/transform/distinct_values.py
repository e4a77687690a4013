"""Run an element-wise text parse once per distinct value instead of once per row.

Deliveries repeat themselves: a million signals carry a few hundred dates, a handful of
partner names and a few hundred house numbers. pandas' string methods cost per row, so
parsing the distinct values and spreading the results back gives the same answer for any
element-wise parse at a fraction of the cost (the benchmark in ``bench/`` shows it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd

Parsed = TypeVar("Parsed", pd.Series, pd.DataFrame)


def _distinct_codes(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes into the distinct values; NA gets its own (last) slot."""
    codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype="string").reindex(range(len(uniques) + 1))
    codes = np.where(codes < 0, len(uniques), codes)
    return codes, distinct


def per_distinct(values: pd.Series, parse: Callable[[pd.Series], Parsed]) -> Parsed:
    """``parse(values)``, computed on the distinct values only.

    Parameters
    ----------
    values
        Text as delivered (any dtype; compared as strings).
    parse
        An element-wise function of a string Series (the result for a value may not depend
        on the other values).

    Returns
    -------
    pandas.Series or pandas.DataFrame
        What ``parse`` returns, aligned with ``values``.
    """
    codes, distinct = _distinct_codes(values)
    result = parse(distinct).iloc[codes]
    result.index = values.index
    return result


def per_distinct_pair(
    first: pd.Series, second: pd.Series,
    parse: Callable[[pd.Series, pd.Series], tuple[pd.Series, pd.Series]],
) -> tuple[pd.Series, pd.Series]:
    """:func:`per_distinct` for a parse of two aligned columns (house number and addition)."""
    first_codes, first_distinct = _distinct_codes(first)
    second_codes, second_distinct = _distinct_codes(second)
    pair = first_codes.astype(np.int64) * len(second_distinct) + second_codes
    pair_codes, pairs = pd.factorize(pair)
    first_of_pair = first_distinct.iloc[pairs // len(second_distinct)].reset_index(drop=True)
    second_of_pair = second_distinct.iloc[pairs % len(second_distinct)].reset_index(drop=True)
    outputs = parse(first_of_pair, second_of_pair)
    spread = []
    for output in outputs:
        column = output.iloc[pair_codes]
        column.index = first.index
        spread.append(column)
    return spread[0], spread[1]
