"""Rates per 1,000 households over time with exact Poisson (Garwood) 95 % intervals."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from dashboard.data.series import add_rates, difference_series, garwood_interval, rate_series


def _counts(*values) -> pd.Series:
    return pd.Series(list(values), dtype="Int64")


def test_garwood_interval_of_a_zero_count_starts_at_zero():
    lower, upper = garwood_interval(_counts(0))
    assert lower.iloc[0] == 0
    assert upper.iloc[0] == pytest.approx(3.689, abs=1e-3)


def test_garwood_interval_of_ten_matches_the_exact_poisson_table():
    lower, upper = garwood_interval(_counts(10))
    assert lower.iloc[0] == pytest.approx(4.795, abs=1e-3)
    assert upper.iloc[0] == pytest.approx(18.390, abs=1e-3)


def test_garwood_interval_of_a_suppressed_count_is_null_not_zero():
    lower, upper = garwood_interval(_counts(None, 1))
    assert pd.isna(lower.iloc[0]) and pd.isna(upper.iloc[0])
    assert lower.iloc[1] == pytest.approx(0.0253, abs=1e-4)
    assert upper.iloc[1] == pytest.approx(5.572, abs=1e-3)


def _frame(signals, households, months) -> pd.DataFrame:
    return pd.DataFrame({"signals": pd.array(signals, dtype="Int64"),
                         "cbs_households": pd.array(households, dtype="Int64"),
                         "months_covered": pd.array(months, dtype="Int64")})


def test_rates_are_per_thousand_households_per_month_with_the_interval_scaled_alike():
    out = add_rates(_frame([10], [1000], [2]), min_households=100)
    assert out["rate"].iloc[0] == pytest.approx(5.0)
    assert out["lower"].iloc[0] == pytest.approx(4.795 / 2, abs=1e-3)
    assert out["upper"].iloc[0] == pytest.approx(18.390 / 2, abs=1e-3)
    assert out["status"].iloc[0] == "ok"


def test_rates_over_the_whole_window_are_not_divided_by_its_months():
    out = add_rates(_frame([10], [2000], [3]), min_households=100, per_month=False)
    assert out["rate"].iloc[0] == pytest.approx(5.0)
    assert out["upper"].iloc[0] == pytest.approx(18.390 / 2, abs=1e-3)


def test_a_suppressed_count_or_too_few_households_gives_no_rate_and_no_interval():
    out = add_rates(_frame([None, 12], [1000, 80], [1, 1]), min_households=100)
    assert out["rate"].isna().all()
    assert out["lower"].isna().all() and out["upper"].isna().all()
    assert list(out["status"]) == ["onderdrukt", "te weinig huishoudens"]


def test_a_zero_count_has_rate_zero_and_a_lower_bound_of_zero():
    out = add_rates(_frame([0], [1000], [1]), min_households=100)
    assert out["rate"].iloc[0] == 0
    assert out["lower"].iloc[0] == 0
    assert out["upper"].iloc[0] == pytest.approx(3.689, abs=1e-3)


def test_the_difference_combines_both_intervals_by_mover():
    frame = pd.DataFrame({
        "area_code": ["a", "b", "a", "b"],
        "month": pd.to_datetime(["2026-01-01", "2026-01-01", "2026-02-01", "2026-02-01"]),
        "rate": pd.array([10.0, 4.0, None, 4.0], dtype="Float64"),
        "lower": pd.array([8.0, 3.0, None, 3.0], dtype="Float64"),
        "upper": pd.array([13.0, 6.0, None, 6.0], dtype="Float64"),
    })
    gap = difference_series(frame, "a", "b")
    assert gap["rate"].iloc[0] == pytest.approx(6.0)
    assert gap["lower"].iloc[0] == pytest.approx(6.0 - (2.0 ** 2 + 2.0 ** 2) ** 0.5)
    assert gap["upper"].iloc[0] == pytest.approx(6.0 + (3.0 ** 2 + 1.0 ** 2) ** 0.5)
    assert pd.isna(gap["rate"].iloc[1])


def test_rate_series_starts_at_the_first_complete_window(dash_app):
    frame = rate_series(["nplv-noord"], 3)
    assert (frame["months_covered"] == 3).all()
    assert frame["month"].min() == pd.Timestamp("2024-01-01")
    assert frame["month"].max() == pd.Timestamp("2026-10-01")


def test_rate_series_divides_the_published_count_by_cbs_households(dash_app, demo_build):
    frame = rate_series(["nplv-noord"], 3).set_index("month")
    con = duckdb.connect(str(demo_build.published), read_only=True)
    signals = con.execute(
        "select signals from signals_window_area where area_code = 'nplv-noord' and "
        "window_months = 3 and partner_type = 'Totaal' and month = '2026-10-01'").fetchone()[0]
    households = con.execute(
        "select households from indicators_year where area_code = 'nplv-noord' and "
        "year = 2025").fetchone()[0]
    con.close()
    row = frame.loc[pd.Timestamp("2026-10-01")]
    assert row["signals"] == signals
    assert row["rate"] == pytest.approx(signals / households * 1000 / 3)
    assert row["lower"] < row["rate"] < row["upper"]
