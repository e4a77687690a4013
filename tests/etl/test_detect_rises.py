"""Rise detection: it finds planted rises, and on data without rises it stays quiet.

The false-alarm check is the contract from the analytics issue: with no planted rise, the
share of months in which anything is flagged must not exceed the configured level by a clear
margin (Benjamini-Hochberg keeps it at about alpha when nothing is going on).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from etl.demo.rise_scenarios import simulate_counts
from etl.transform.detect_rises import (
    RiseSettings,
    benjamini_hochberg,
    detect_rises,
    seasonal_factors,
)

ALPHA = 0.05


def _run(frame: pd.DataFrame, problems: set | None = None) -> pd.DataFrame:
    gemeente = frame.groupby("month")["signals"].sum()
    return detect_rises(frame, gemeente, problems or set(), RiseSettings(alpha=ALPHA))


def test_false_alarms_on_data_without_rises_stay_near_the_configured_level():
    months_with_alarm = months_judged = 0
    for seed in range(20):
        frame, _ = simulate_counts(np.random.default_rng(seed), areas=120)
        result = _run(frame)
        judged = result.groupby("month")["is_rise"].any()
        months_with_alarm += int(judged.sum())
        months_judged += len(judged)
    assert months_judged > 300
    assert months_with_alarm / months_judged <= 2 * ALPHA


def test_a_planted_doubling_in_mid_sized_areas_is_mostly_found():
    found = planted_total = 0
    for seed in range(5):
        frame, planted = simulate_counts(np.random.default_rng(100 + seed), areas=120,
                                         median_mean=15, rise_share=0.1, rise_factor=2.5)
        result = _run(frame)
        flagged = set(map(tuple, result.loc[result["is_rise"], ["area_code", "month"]]
                          .itertuples(index=False)))
        found += len(flagged & planted)
        planted_total += len(planted)
    assert found / planted_total >= 0.5


def test_months_with_a_delivery_problem_are_not_judged():
    frame, _ = simulate_counts(np.random.default_rng(7), areas=60, rise_share=0.2,
                               rise_factor=4)
    last = frame["month"].max()
    result = _run(frame, {last})
    latest = result[result["month"] == last]
    assert latest["is_delivery_problem"].all()
    assert not latest["is_rise"].any()


def test_the_prediction_interval_holds_the_expected_count():
    frame, _ = simulate_counts(np.random.default_rng(3), areas=40)
    result = _run(frame)
    assert (result["lower"] <= result["expected"]).all()
    assert (result["expected"] <= result["upper"]).all()


def test_benjamini_hochberg_matches_the_textbook_example():
    p = np.array([0.01, 0.04, 0.03, 0.005, np.nan])
    q = benjamini_hochberg(p)
    assert q[:4] == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert np.isnan(q[4])


def test_seasonal_factors_average_to_one_and_need_two_years():
    index = pd.date_range("2023-01-01", periods=36, freq="MS")
    total = pd.Series(100 * np.where(index.month == 1, 1.3, 1.0), index=index)
    factors = seasonal_factors(total)
    assert factors.mean() == pytest.approx(1.0)
    assert factors[1] > 1.2
    assert (seasonal_factors(total.iloc[:20]) == 1.0).all()
