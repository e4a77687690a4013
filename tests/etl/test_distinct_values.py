"""Parsing per distinct value must give exactly what parsing every row gives."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.transform.distinct_values import per_distinct, per_distinct_pair
from etl.transform.normalise_address import _normalise_each, normalise_house_numbers
from etl.transform.parse_fields import (
    _parse_amounts_each,
    _parse_dates_each,
    parse_amounts,
    parse_dates,
)
from etl.transform.partner_types import _map_each, map_partner_types

# Values drawn from a small pool, so that rows repeat as they do in real deliveries.
_POOL = ["31-01-2024", "2024-01-31", "2024-02-30", "", " 1.234,56", "1234.56", "-5", "x",
         "10", "10A", "010-2", " 7 bis", "123456", "Woningcorporatie", "zorg-verzekeraar",
         "ENERGIE", "2024-01-31T23:30:00+01:00", "€ 12,50"]
texts = st.lists(st.one_of(st.none(), st.sampled_from(_POOL), st.text(max_size=8)),
                 max_size=40)


def _series(values: list[str | None]) -> pd.Series:
    return pd.Series(values, dtype="string", index=pd.RangeIndex(7, 7 + len(values)))


@settings(max_examples=150, deadline=None)
@given(texts)
def test_per_distinct_parses_agree_with_parsing_every_row(values):
    raw = _series(values)
    for distinct, each in ((parse_dates, _parse_dates_each),
                           (parse_amounts, _parse_amounts_each),
                           (map_partner_types, _map_each)):
        pd.testing.assert_series_equal(distinct(raw), each(raw), check_names=False)


@settings(max_examples=150, deadline=None)
@given(texts, texts)
def test_per_distinct_pair_agrees_with_normalising_every_row(numbers, additions):
    n = min(len(numbers), len(additions))
    huisnummer, toevoeging = _series(numbers[:n]), _series(additions[:n])
    got = normalise_house_numbers(huisnummer, toevoeging)
    expected = _normalise_each(huisnummer, toevoeging)
    for left, right in zip(got, expected, strict=True):
        pd.testing.assert_series_equal(left, right, check_names=False)


def test_per_distinct_calls_the_parse_once_per_distinct_value_and_once_for_na():
    seen = []

    def parse(values: pd.Series) -> pd.Series:
        seen.append(len(values))
        return values.str.len()

    out = per_distinct(pd.Series(["a", "bb", "a", None, "bb"]), parse)
    assert seen == [3]
    assert out.tolist() == [1, 2, 1, pd.NA, 2]


def test_per_distinct_pair_keeps_pairs_apart():
    first, second = pd.Series(["1", "1", "2"]), pd.Series(["a", "b", "a"])
    out = per_distinct_pair(first, second, lambda a, b: (a + b, b + a))
    assert out[0].tolist() == ["1a", "1b", "2a"]
    assert out[1].tolist() == ["a1", "b1", "a2"]
