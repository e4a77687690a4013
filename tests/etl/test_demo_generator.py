"""The demo generator: seeded, reproducible, and calibrated to the public figures."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.demo.generate import generate_demo, last_complete_month

END = pd.Timestamp("2026-10-01")


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    first = generate_demo(tmp_path_factory.mktemp("a"), seed=7, end_month=END, months=6)
    second = generate_demo(tmp_path_factory.mktemp("b"), seed=7, end_month=END, months=6)
    return first, second


def test_generator_with_the_same_seed_writes_identical_files(generated):
    first, second = generated
    assert _digests(first.lookup.parent) == _digests(second.lookup.parent)


def test_generator_with_another_seed_writes_other_signals(generated, tmp_path):
    first, _ = generated
    other = generate_demo(tmp_path, seed=8, end_month=END, months=6)
    a, b = _digests(first.lookup.parent), _digests(other.lookup.parent)
    assert a.keys() == b.keys()
    assert any(a[name] != b[name] for name in a if "ddas" in name or "export" in name)


def test_generator_covers_the_requested_months_ending_with_the_end_month(generated):
    first, _ = generated
    months = sorted({p.name[5:12] for p in first.deliveries})
    assert months == [f"{m:%Y-%m}" for m in pd.date_range(end=END, periods=6, freq="MS")]


def test_last_complete_month_is_the_month_before_today():
    from datetime import date

    assert last_complete_month(date(2026, 11, 23)) == pd.Timestamp("2026-10-01")
    assert last_complete_month(date(2026, 1, 1)) == pd.Timestamp("2025-12-01")


def test_deliveries_come_in_ddas_json_and_csv_and_are_labelled_demo(demo_build):
    names = [p.name for p in sorted(demo_build.work_dir.iterdir())]
    assert any(n.endswith("_ddas_v0.9.json") for n in names)
    assert any(n.endswith("_ddas_v1.2.json") for n in names)
    assert any(n.endswith("_export.csv") for n in names)
    assert all(n.startswith("demo_") for n in names)
    sample = next(demo_build.work_dir.glob("*_ddas_v1.2.json")).read_text(encoding="utf-8")
    assert '"codeGegevensleverancier": "DEMO-WIJKSIGNAAL"' in sample


@pytest.fixture(scope="module")
def warehouse(demo_build):
    con = duckdb.connect(str(demo_build.warehouse), read_only=True)
    yield con
    con.close()


def test_demo_has_over_600_signals_a_month_on_average(warehouse):
    monthly = warehouse.execute(
        "select month, count(*) from staging.stg_signals__signal group by month").fetchall()
    assert len(monthly) == 36
    assert sum(n for _, n in monthly) / len(monthly) > 600


def test_demo_partner_shares_follow_the_national_monitor(warehouse):
    shares = dict(warehouse.execute(
        "select partner_type, count(*) / sum(count(*)) over () from "
        "staging.stg_signals__signal group by partner_type").fetchall())
    assert shares["Zorg"] + shares.get("CAK Zorgverzekeringen", 0) == pytest.approx(0.41, abs=0.04)
    assert shares["Huur"] == pytest.approx(0.20, abs=0.03)
    assert shares["Energie"] == pytest.approx(0.20, abs=0.04)
    assert shares["Water"] == pytest.approx(0.18, abs=0.03)


def test_about_one_in_nine_addresses_gets_several_signals_in_a_month(warehouse):
    share = warehouse.execute("""
        select avg((n > 1)::int) from (
            select month, household_key, count(*) as n
            from staging.stg_signals__signal group by month, household_key)
    """).fetchone()[0]
    assert 0.08 <= share <= 0.16


def test_the_northern_nplv_area_has_clearly_higher_rates(warehouse):
    rates = dict(warehouse.execute("""
        select w.area_code, sum(w.signals) / any_value(i.households)
        from marts.signals_window_area w
        join marts.indicators_year i on i.area_code = w.area_code and i.year = 2025
        where w.area_code in ('nplv-noord', 'nplv-rest') and w.window_months = 1
          and w.partner_type = 'Totaal'
        group by w.area_code
    """).fetchall())
    assert rates["nplv-noord"] > 1.5 * rates["nplv-rest"]


def test_the_demo_plants_an_energy_shock_and_a_missing_water_delivery(warehouse):
    energy = warehouse.execute("""
        select month, count(*) filter (where partner_type = 'Energie') / count(*) as share
        from staging.stg_signals__signal group by month order by month""").fetchall()
    shares = [s for _, s in energy]
    assert max(shares) > 1.6 * min(shares)
    missing = warehouse.execute(
        "select count(*) from marts.partner_delivery_month where is_missing").fetchone()[0]
    assert missing >= 1


def test_demo_structural_indicators_are_calibrated_to_the_gemeente_figures(warehouse):
    row = warehouse.execute("""
        select low_income_pct, problematic_debt_pct from marts.indicators_year
        where area_code = 'GM0014' and year = 2019""").fetchone()
    assert row[0] == pytest.approx(13.6, abs=0.8)
    debt_2021 = warehouse.execute("""
        select problematic_debt_pct from marts.indicators_year
        where area_code = 'GM0014' and year = 2021""").fetchone()[0]
    assert debt_2021 == pytest.approx(6.3, abs=1.0)
