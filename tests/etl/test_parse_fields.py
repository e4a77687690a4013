"""Tests for parsing delivered text into dates, amounts and flags: Dutch and ISO conventions,
impossible values, and a property that amounts never crash on arbitrary text."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.transform.parse_fields import parse_amounts, parse_booleans, parse_dates


def one_date(text: str | None) -> pd.Timestamp:
    return parse_dates(pd.Series([text], dtype="string")).iloc[0]


def one_amount(text: str | None) -> float:
    return parse_amounts(pd.Series([text], dtype="string")).iloc[0]


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["2024-01-31", "31-01-2024", "31/01/2024", "31.01.2024", "20240131", " 2024-01-31 "],
)
def test_parse_dates_reads_iso_and_dutch_day_first_dates(text):
    assert one_date(text) == pd.Timestamp("2024-01-31")


def test_parse_dates_reads_single_digit_day_and_month_day_first():
    assert one_date("1-2-2024") == pd.Timestamp("2024-02-01")
    assert one_date("3/4/2024") == pd.Timestamp("2024-04-03")


@pytest.mark.parametrize(
    "text",
    ["31-02-2024", "2024-02-30", "29-02-2023", "2024-13-01", "00-01-2024", "20241301"],
)
def test_parse_dates_turns_impossible_calendar_dates_into_nat(text):
    assert pd.isna(one_date(text))


def test_parse_dates_accepts_the_leap_day_of_a_leap_year():
    assert one_date("29-02-2024") == pd.Timestamp("2024-02-29")


@pytest.mark.parametrize("text", ["gisteren", "2024/01/31", "31-01-24", "", "   ", None])
def test_parse_dates_turns_text_that_is_no_date_into_nat(text):
    assert pd.isna(one_date(text))


@pytest.mark.parametrize(
    "text",
    ["2024-01-31T10:15:00", "2024-01-31 10:15:00", "2024-01-31T10:15", "2024-01-31T23:59:59Z",
     "2024-01-31T10:15:00.123+01:00"],
)
def test_parse_dates_drops_the_time_of_day_of_iso_datetimes(text):
    assert one_date(text) == pd.Timestamp("2024-01-31")


def test_parse_dates_keeps_the_written_date_of_a_datetime_with_an_offset():
    # 00:30 Dutch summer time is 22:30 UTC the day before: the signal still belongs to the
    # first of January, not to December of the year before.
    assert one_date("2024-01-01T00:30:00+02:00") == pd.Timestamp("2024-01-01")
    assert one_date("2024-01-31T23:30:00-05:00") == pd.Timestamp("2024-01-31")


@pytest.mark.parametrize("text", ["2024-01-31T25:00:00", "2024-02-30T10:00:00",
                                  "2024-01-31Tnoon"])
def test_parse_dates_turns_impossible_datetimes_into_nat(text):
    assert pd.isna(one_date(text))


def test_parse_dates_returns_naive_dates_aligned_with_a_non_default_index():
    raw = pd.Series(["2024-01-31", "31-01-2024", "nooit", None], index=[40, 10, 30, 20])
    parsed = parse_dates(raw)
    assert parsed.dtype == "datetime64[ns]"
    assert list(parsed.index) == [40, 10, 30, 20]
    assert parsed.loc[10] == pd.Timestamp("2024-01-31")
    assert parsed.loc[[30, 20]].isna().all()


# --- amounts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", 1234.56),
        ("1234.56", 1234.56),
        ("€ 450", 450.0),
        ("€\u00a01.234,56", 1234.56),
        ("EUR 12", 12.0),
        ("1.234", 1234.0),
        ("1.234.567", 1234567.0),
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1,234.56", 1234.56),
        ("-12,50", -12.5),
        ("+7", 7.0),
        ("0", 0.0),
    ],
)
def test_parse_amounts_reads_dutch_and_iso_amounts(text, expected):
    assert one_amount(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["abc", "1.2.3", "12,5,0", ",5", "5,", "1e5", "€", "twaalf",
                                  "", None])
def test_parse_amounts_turns_garbage_and_empty_text_into_na(text):
    assert pd.isna(one_amount(text))


def test_parse_amounts_returns_float64_aligned_with_a_non_default_index():
    raw = pd.Series(["1.234,56", "veel", None], index=["c", "a", "b"])
    parsed = parse_amounts(raw)
    assert parsed.dtype == "Float64"
    assert list(parsed.index) == ["c", "a", "b"]
    assert parsed["c"] == pytest.approx(1234.56)
    assert parsed[["a", "b"]].isna().all()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=20),
                          st.from_regex(r"[€ +-]?[0-9.,]{0,12}", fullmatch=True)),
                max_size=20))
def test_parse_amounts_never_raises_and_stays_aligned_for_any_text(values):
    raw = pd.Series(values, index=range(100, 100 + len(values)), dtype="string")
    parsed = parse_amounts(raw)
    assert parsed.dtype == "Float64"
    assert parsed.index.equals(raw.index)
    assert parsed[raw.isna()].isna().all()


def amounts_the_pandas_way(raw: pd.Series) -> pd.Series:
    """The first, pandas-string implementation: the oracle for the Arrow one."""
    text = (raw.astype(object).where(raw.notna(), None).astype("string")
            .str.replace(r"[€\s\u00a0]|EUR", "", regex=True).str.lstrip("+"))
    has_comma = text.str.contains(",", regex=False, na=False)
    has_dot = text.str.contains(".", regex=False, na=False)
    comma_decimal = has_comma & (~has_dot | (text.str.rfind(",") > text.str.rfind(".")))
    dot_thousands = ~has_comma & text.str.fullmatch(r"-?\d{1,3}(\.\d{3})+", na=False)
    normalised = text.copy()
    normalised = normalised.mask(
        comma_decimal, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    normalised = normalised.mask(has_comma & ~comma_decimal, text.str.replace(",", "",
                                                                             regex=False))
    normalised = normalised.mask(dot_thousands, text.str.replace(".", "", regex=False))
    valid = normalised.str.fullmatch(r"-?[0-9]+(\.[0-9]+)?", na=False)
    return pd.to_numeric(normalised.where(valid), errors="coerce").astype("Float64")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from("0123456789.,+- €\u00a0\u2009\tEURa"), max_size=14),
    st.from_regex(r"[€ +-]?[0-9.,]{0,12}", fullmatch=True),
    st.text(max_size=12)), max_size=20))
def test_parse_amounts_agrees_with_the_pandas_implementation_it_replaced(values):
    raw = pd.Series(values, dtype="string")
    expected = amounts_the_pandas_way(raw)
    parsed = parse_amounts(raw)
    assert parsed.isna().tolist() == expected.isna().tolist()
    assert parsed.dropna().tolist() == pytest.approx(expected.dropna().tolist())


# --- booleans ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["ja", "J", "true", "TRUE", "1", "waar", " yes "])
def test_parse_booleans_reads_the_ways_systems_write_yes(text):
    assert parse_booleans(pd.Series([text])).tolist() == [True]


@pytest.mark.parametrize("text", ["nee", "N", "false", "0", "onwaar", "No"])
def test_parse_booleans_reads_the_ways_systems_write_no(text):
    assert parse_booleans(pd.Series([text])).tolist() == [False]


@pytest.mark.parametrize("text", ["misschien", "", "2", None])
def test_parse_booleans_leaves_anything_else_missing(text):
    assert pd.isna(parse_booleans(pd.Series([text], dtype="string")).iloc[0])


def test_parse_booleans_passes_a_boolean_column_through_unchanged():
    flags = pd.Series([True, None, False], dtype="boolean", index=[3, 2, 1])
    parsed = parse_booleans(flags)
    assert parsed.dtype == "boolean"
    assert parsed.equals(flags)
