"""The geodata, areas and cbs commands end to end, as a data steward runs them: real
subprocesses into a temporary warehouse, checked in the published file the dashboard reads.

Fixture figures (tests/fixtures/cbs/kwb_opendata_gm0014.csv and the municipal debt file):
BU00140300 De Hoogte 1,200 households, 20.0 % low income, 15.0 % social minimum, 9.0 % debts;
BU00141000 Selwerd 800 households, 10.5 %, 8.0 %, 4.0 % (both in nplv-noord);
BU00140000 60 households (too few); BU00140605 secret rates; BU00149999 does not exist.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import pytest
import shapely

REPO = Path(__file__).resolve().parents[2]
GEODATA = REPO / "geodata"
CBS_FIXTURES = REPO / "tests" / "fixtures" / "cbs"
KWB_CSV = CBS_FIXTURES / "kwb_opendata_gm0014.csv"
DEBT_CSV = CBS_FIXTURES / "schulden_gemeente_groningen.csv"


@dataclass
class Build:
    """A published file built by real commands, with what each command printed."""

    published: Path
    stdout: dict[str, str]

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        with duckdb.connect(str(self.published), read_only=True) as con:
            return con.execute(sql, params or []).fetchdf()


def run_etl(*args: str | Path) -> subprocess.CompletedProcess:
    """``python -m etl ...`` with default settings; fails the test on a non-zero exit."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKSIGNAAL_")}
    result = subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"etl {args[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Build:
    root = tmp_path_factory.mktemp("jobs")
    targets = ["--warehouse", root / "warehouse.duckdb", "--published", root / "published.duckdb"]
    stdout = {
        "geodata": run_etl("geodata", "--buurten", GEODATA / "buurten_2022.geojson",
                           "--wijken", GEODATA / "wijken_2022.geojson", "--year", "2022",
                           *targets).stdout,
        "areas": run_etl("areas", GEODATA / "areas" / "nplv_groningen_noord.csv",
                         *targets).stdout,
        "cbs": run_etl("cbs", "--csv", KWB_CSV, "--year", "2023", "--debt-csv", DEBT_CSV,
                       *targets).stdout,
    }
    return Build(root / "published.duckdb", stdout)


def indicators(build: Build) -> pd.DataFrame:
    return build.query("select * from indicators_year").set_index("area_code")


def geometry_of(build: Build, area_code: str) -> shapely.Geometry:
    text = build.query("select geometry_geojson from area where area_code = ?", [area_code])
    assert len(text) == 1
    return shapely.from_geojson(text.iloc[0, 0])


def area_in_rd(geom: shapely.Geometry) -> float:
    return gpd.GeoSeries([geom], crs=4326).to_crs(28992).area.iloc[0]


# -- geodata + areas ----------------------------------------------------------------------

def test_geodata_command_reports_what_it_loaded(build):
    assert "grenzen 2022 geladen: {'wijk': 20, 'buurt': 150, 'gemeente': 1}" in \
        build.stdout["geodata"]


def test_area_table_holds_150_buurten_20_wijken_and_one_dissolved_gemeente(build):
    counts = build.query("select area_level, count(*) as n from area group by area_level")
    counts = dict(zip(counts["area_level"], counts["n"], strict=True))

    assert counts["buurt"] == 150
    assert counts["wijk"] == 20
    assert counts["gemeente"] == 1
    gemeente = build.query("select * from area where area_level = 'gemeente'").iloc[0]
    assert gemeente["area_code"] == "GM0014"
    assert gemeente["source"].startswith("samengevoegd uit buurten")


def test_every_area_row_carries_the_boundary_year_and_a_geometry(build):
    rows = build.query("select year, geometry_geojson from area")

    assert set(rows["year"]) == {2022}
    assert rows["geometry_geojson"].notna().all()
    assert shapely.is_valid(shapely.from_geojson(rows["geometry_geojson"].to_numpy())).all()


def test_dissolved_gemeente_is_one_polygon_covering_its_buurten(build):
    buurten = build.query("select geometry_geojson from area where area_level = 'buurt'")
    union = shapely.union_all(shapely.from_geojson(buurten["geometry_geojson"].to_numpy()))

    gemeente = geometry_of(build, "GM0014")

    assert gemeente.geom_type == "Polygon"
    assert area_in_rd(gemeente) == pytest.approx(area_in_rd(union), rel=0.01)


def test_custom_areas_have_geometry_that_adds_up_to_the_gemeente(build):
    custom = build.query("select area_code, area_level, parent_code from area "
                         "where area_level = 'nplv' order by area_code")
    noord, rest = geometry_of(build, "nplv-noord"), geometry_of(build, "nplv-rest")

    assert list(custom["area_code"]) == ["nplv-noord", "nplv-rest"]
    assert set(custom["parent_code"]) == {"GM0014"}
    assert noord.is_valid and rest.is_valid
    gemeente = area_in_rd(geometry_of(build, "GM0014"))
    assert area_in_rd(noord) + area_in_rd(rest) == pytest.approx(gemeente, rel=0.01)
    assert area_in_rd(shapely.intersection(noord, rest)) < 0.001 * gemeente


def test_area_member_holds_the_custom_divisions(build):
    members = build.query("select * from area_member")

    assert len(members) == 167
    per_area = members.groupby("area_code")["buurt_code"].nunique()
    assert per_area["nplv-noord"] == 17
    assert per_area["nplv-rest"] == 133
    assert members.loc[members["division"] == "nplv_wijken", "area_code"].nunique() == 8


# -- cbs ----------------------------------------------------------------------------------

def test_cbs_figures_are_published_with_their_source(build):
    rows = indicators(build)
    gemeente = rows.loc["GM0014"]

    assert gemeente["year"] == 2023
    assert gemeente["inhabitants"] == 234649
    assert gemeente["households"] == 142035
    assert gemeente["low_income_pct"] == pytest.approx(13.6)
    assert gemeente["social_minimum_pct"] == pytest.approx(11.6)
    assert "CBS (kwb_opendata_gm0014.csv)" in gemeente["source"]
    assert rows.loc["BU00140300", "low_income_pct"] == pytest.approx(20.0)


def test_problematic_debts_come_from_the_municipal_file(build):
    rows = indicators(build)

    assert rows.loc["GM0014", "problematic_debt_pct"] == pytest.approx(6.3)
    assert "gemeente (schulden_gemeente_groningen.csv)" in rows.loc["GM0014", "source"]
    assert rows.loc["BU00141000", "problematic_debt_pct"] == pytest.approx(4.0)


def test_an_impossible_debt_percentage_is_published_as_null_with_its_reason(build):
    wijk = indicators(build).loc["WK001400"]

    assert pd.isna(wijk["problematic_debt_pct"])
    assert wijk["null_reason"] == "onmogelijk percentage"
    assert wijk["low_income_pct"] == pytest.approx(17.4)


def test_rates_of_an_area_with_under_100_households_are_null_as_too_few(build):
    small = indicators(build).loc["BU00140000"]

    assert small["households"] == 60
    assert small["inhabitants"] == 130
    assert pd.isna(small["low_income_pct"])
    assert pd.isna(small["social_minimum_pct"])
    assert pd.isna(small["problematic_debt_pct"])
    assert small["null_reason"] == "te weinig huishoudens"


def test_secret_cbs_rates_are_null_with_the_cbs_reason_never_zero(build):
    secret = indicators(build).loc["BU00140605"]

    assert pd.isna(secret["low_income_pct"])
    assert secret["null_reason"] == "geheim of onbekend (CBS)"


def test_other_gemeenten_are_not_loaded(build):
    rows = indicators(build)

    assert not rows.index.isin(["GM0034", "WK003401"]).any()


def test_nplv_noord_figures_are_recomputed_from_its_buurten_weighted_by_households(build):
    noord = indicators(build).loc["nplv-noord"]

    assert noord["households"] == 1200 + 800
    assert noord["inhabitants"] == 2510 + 1730
    assert noord["low_income_pct"] == pytest.approx((20.0 * 1200 + 10.5 * 800) / 2000)  # 16.2
    assert noord["social_minimum_pct"] == pytest.approx((15.0 * 1200 + 8.0 * 800) / 2000)
    assert noord["problematic_debt_pct"] == pytest.approx((9.0 * 1200 + 4.0 * 800) / 2000)
    assert noord["source"].startswith("herberekend uit buurten")


def test_nplv_rest_rates_stay_null_when_secret_buurten_hold_most_households(build):
    rest = indicators(build).loc["nplv-rest"]

    assert rest["households"] == 60 + 2100
    assert pd.isna(rest["low_income_pct"])
    assert pd.isna(rest["social_minimum_pct"])


def test_a_code_without_a_boundary_is_kept_and_reported_in_area_code_check(build):
    check = build.query("select * from area_code_check")

    assert list(check["area_code"]) == ["BU00149999"]
    row = check.iloc[0]
    assert (row["year"], row["source"], row["level"], row["boundary_year"]) == \
        (2023, "cbs", "buurt", 2022)
    assert row["issue"] == "code bestaat niet in de grenzen van 2022"
    assert indicators(build).loc["BU00149999", "households"] == 180


def test_cbs_command_names_codes_without_a_boundary_on_stdout(build):
    lines = [line for line in build.stdout["cbs"].splitlines() if "zonder grens" in line]

    assert len(lines) == 1
    assert "BU00149999" in lines[0]


def test_cbs_command_states_where_problematic_debts_came_from(build):
    assert "problematische schulden: bron gemeentelijk bestand schulden_gemeente_groningen.csv" \
        in build.stdout["cbs"]


# -- the reference material in ../shared ---------------------------------------------------

@pytest.fixture(scope="module")
def shared_build(shared_dir, tmp_path_factory) -> Build:
    geodata = shared_dir / "geodata-groningen"
    root = tmp_path_factory.mktemp("shared_jobs")
    targets = ["--warehouse", root / "warehouse.duckdb", "--published", root / "published.duckdb"]
    stdout = {
        "geodata": run_etl("geodata", "--buurten", geodata / "buurten_2022.geojson",
                           "--wijken", geodata / "wijken_2023.geojson", "--year", "2023",
                           *targets).stdout,
        "cbs": run_etl("cbs", "--csv", geodata / "kwb_wijken_2024.csv", "--year", "2024",
                       *targets).stdout,
    }
    return Build(root / "published.duckdb", stdout)


@pytest.mark.shared
def test_shared_boundaries_load_as_the_2023_year(shared_build):
    counts = shared_build.query("select area_level, year, count(*) as n from area "
                                "group by all order by area_level")

    assert counts.to_dict("list") == {"area_level": ["buurt", "gemeente", "wijk"],
                                      "year": [2023, 2023, 2023], "n": [150, 1, 20]}


@pytest.mark.shared
def test_shared_kwb_2024_loads_inhabitants_for_20_wijken_and_the_gemeente(shared_build):
    rows = shared_build.query("select * from indicators_year where year = 2024 "
                              "and inhabitants is not null")

    assert len(rows) == 21
    assert rows["area_code"].str.startswith("WK").sum() == 20
    assert rows.set_index("area_code").loc["GM0014", "inhabitants"] == 243768
    assert "kengetallen 2024 geladen" in shared_build.stdout["cbs"]
    assert "problematische schulden: niet beschikbaar in deze bron" in shared_build.stdout["cbs"]
