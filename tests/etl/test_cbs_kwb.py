"""Behaviour of the CBS Kerncijfers reader and the indicator shaping on both CSV shapes CBS
publishes (opendata keys, StatLine titles) and on a municipal debt file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl.errors import EtlError
from etl.extract.cbs_kwb import match_measure_columns, read_statline_csv
from etl.transform.indicators import indicator_rows, select_gemeente_areas

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cbs"
OPENDATA = FIXTURES / "kwb_opendata_gm0014.csv"
STATLINE = FIXTURES / "kwb_statline_titels_gm0014.csv"
DEBT = FIXTURES / "schulden_gemeente_groningen.csv"


def value_of(indicators: pd.DataFrame, code: str, measure: str):
    row = indicators[(indicators["area_code"] == code) & (indicators["measure"] == measure)]
    assert len(row) == 1, f"{code} {measure}: {len(row)} rows"
    return row.iloc[0]


def shaped(indicators: pd.DataFrame) -> pd.DataFrame:
    return indicator_rows(indicators, year=2023, source="test", run_id=1, is_demo=False)


def test_fixtures_are_in_the_published_encodings():
    assert OPENDATA.read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        STATLINE.read_bytes().decode("utf-8")
    assert "Hémonybuurt" in STATLINE.read_bytes().decode("cp1252")


def test_opendata_download_yields_every_measure_for_padded_codes():
    indicators = read_statline_csv(OPENDATA)

    assert set(indicators["measure"]) == {"inhabitants", "households", "low_income_pct",
                                          "social_minimum_pct"}
    assert "GM0014" in set(indicators["area_code"])
    assert "WK001400" in set(indicators["area_code"])
    assert value_of(indicators, "GM0014", "inhabitants")["value"] == 234649
    assert value_of(indicators, "GM0014", "households")["value"] == 142035


def test_opendata_download_reads_decimal_commas():
    indicators = read_statline_csv(OPENDATA)

    assert value_of(indicators, "GM0014", "low_income_pct")["value"] == pytest.approx(13.6)
    assert value_of(indicators, "GM0014", "social_minimum_pct")["value"] == pytest.approx(11.6)
    assert value_of(indicators, "BU00141000", "low_income_pct")["value"] == pytest.approx(10.5)


def test_opendata_download_drops_rows_without_a_gm_wk_or_bu_code():
    indicators = read_statline_csv(OPENDATA)

    assert not indicators["area_code"].str.startswith("NL").any()
    assert indicators["area_code"].str.len().isin([6, 8, 10]).all()


def test_opendata_secret_dot_becomes_null_with_a_reason_never_zero():
    indicators = read_statline_csv(OPENDATA)

    secret = value_of(indicators, "BU00140605", "low_income_pct")
    assert pd.isna(secret["value"])
    assert secret["null_reason"] == "geheim of onbekend (CBS)"
    assert not (indicators["value"] == 0).any()


def test_statline_title_export_in_windows_1252_yields_every_measure():
    indicators = read_statline_csv(STATLINE)

    assert set(indicators["area_code"]) == {"GM0014", "WK001400", "BU00140000", "BU00140001",
                                            "BU00140002"}
    assert value_of(indicators, "GM0014", "inhabitants")["value"] == 231299
    assert value_of(indicators, "GM0014", "households")["value"] == 140415
    assert value_of(indicators, "WK001400", "low_income_pct")["value"] == pytest.approx(17.4)


def test_statline_social_minimum_is_not_taken_from_the_tot_110_percent_column():
    indicators = read_statline_csv(STATLINE)

    assert value_of(indicators, "GM0014", "social_minimum_pct")["value"] == pytest.approx(11.6)
    assert value_of(indicators, "BU00140000", "social_minimum_pct")["value"] == \
        pytest.approx(12.1)


@pytest.mark.parametrize("marker", ["BU00140001", "BU00140002"], ids=["x", "-99997"])
def test_statline_secret_markers_become_null_with_a_reason_never_zero(marker):
    indicators = read_statline_csv(STATLINE)

    for measure in ("low_income_pct", "social_minimum_pct"):
        row = value_of(indicators, marker, measure)
        assert pd.isna(row["value"])
        assert row["null_reason"] == "geheim (CBS)"
    assert not (indicators["value"] == 0).any()
    assert not (indicators["value"] < 0).any()


def test_measure_columns_match_regardless_of_key_suffix():
    old = match_measure_columns(["Codering_3", "AantalInwoners_5", "HuishoudensTotaal_28",
                                 "HuishoudensMetEenLaagInkomen_82",
                                 "HuishOnderOfRondSociaalMinimum_83"])
    new = match_measure_columns(["Codering_3", "AantalInwoners_7", "HuishoudensTotaal_31",
                                 "HuishoudensMetEenLaagInkomen_91",
                                 "HuishOnderOfRondSociaalMinimum_92"])

    assert set(old) == set(new) == {"inhabitants", "households", "low_income_pct",
                                    "social_minimum_pct"}
    assert new["households"] == "HuishoudensTotaal_31"
    assert old["low_income_pct"] == "HuishoudensMetEenLaagInkomen_82"


@pytest.mark.parametrize("header", [
    "Inkomen/Huishoudens/Huishoudens tot 110% van sociaal minimum (%)",
    "HuishoudensTot110VanSociaalMinimum_89",
    "PctHuishoudensTot120VanSociaalMinimum",
])
def test_tot_110_or_120_percent_columns_are_never_the_social_minimum(header):
    assert "social_minimum_pct" not in match_measure_columns([header])
    found = match_measure_columns([header, "HuishOnderOfRondSociaalMinimum_88"])
    assert found["social_minimum_pct"] == "HuishOnderOfRondSociaalMinimum_88"


def test_municipal_debt_file_yields_problematic_debt_per_region_code():
    indicators = read_statline_csv(DEBT)

    assert set(indicators["measure"]) == {"problematic_debt_pct"}
    assert value_of(indicators, "GM0014", "problematic_debt_pct")["value"] == pytest.approx(6.3)
    assert value_of(indicators, "BU00140300", "problematic_debt_pct")["value"] == \
        pytest.approx(9.0)


def test_percentages_outside_0_to_100_become_null_as_impossible():
    rows = shaped(read_statline_csv(DEBT))

    impossible = rows[rows["area_code"] == "WK001400"].iloc[0]
    assert pd.isna(impossible["value"])
    assert impossible["null_reason"] == "onmogelijk percentage"
    assert rows[rows["area_code"] == "GM0014"].iloc[0]["value"] == pytest.approx(6.3)


def test_negative_percentages_and_counts_become_null_with_their_reason():
    given = pd.DataFrame({
        "area_code": ["BU00140000", "BU00140000", "BU00140001"],
        "measure": ["low_income_pct", "households", "social_minimum_pct"],
        "value": pd.array([-1.5, -3, 100.0], dtype="Float64"),
        "null_reason": pd.array([None, None, None], dtype="string"),
    })

    rows = shaped(given).set_index("measure")

    assert rows.loc["low_income_pct", "null_reason"] == "onmogelijk percentage"
    assert rows.loc["households", "null_reason"] == "negatief aantal"
    assert pd.isna(rows.loc["households", "value"])
    assert rows.loc["social_minimum_pct", "value"] == 100
    assert pd.isna(rows.loc["social_minimum_pct", "null_reason"])


def test_indicator_rows_keep_the_secret_reason_and_carry_year_and_source():
    rows = shaped(read_statline_csv(OPENDATA))

    secret = rows[(rows["area_code"] == "BU00140605") & (rows["measure"] == "low_income_pct")]
    assert secret.iloc[0]["null_reason"] == "geheim of onbekend (CBS)"
    assert rows["null_reason"][rows["value"].notna()].isna().all()
    assert set(rows["year"]) == {2023}
    assert set(rows["source"]) == {"test"}
    assert list(rows.columns) == ["area_code", "year", "measure", "value", "null_reason",
                                  "source", "is_demo", "run_id"]


def test_select_gemeente_areas_keeps_gemeente_wijken_and_buurten_of_that_gemeente_only():
    indicators = read_statline_csv(OPENDATA)

    kept = select_gemeente_areas(indicators, ["GM0014"])

    codes = set(kept["area_code"])
    assert {"GM0014", "WK001400", "BU00140000", "BU00149999"} <= codes
    assert not codes & {"GM0034", "WK003401"}
    assert set(select_gemeente_areas(indicators, ["gm0034"])["area_code"]) == {"GM0034",
                                                                                "WK003401"}
    assert len(select_gemeente_areas(indicators, None)) == len(indicators)


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "leeg"),
    (b"  \r\n\r\n", "leeg"),
    ("\ufeff\"Codering_3\";\"AantalInwoners_5\"\r\n".encode(), "kopregel"),
    (b"naam;AantalInwoners_5\nGroningen;234649\n", "regiocodes"),
    (b"regiocode;Oppervlakte_1\nGM0014;19796\n", "kengetallen"),
    (b"regiocode;AantalInwoners_5\nNL01;17811291\n", "regiocodes"),
    (b"regiocode;AantalInwoners_5\nGM0014;234649\nWK001400;24920;12\n", "velden"),
], ids=["empty", "blank", "header-only", "no-code-column", "no-known-measure",
        "no-gm-wk-bu-codes", "ragged"])
def test_unusable_files_raise_an_etl_error_naming_the_file(tmp_path, content, problem):
    path = tmp_path / "kerncijfers_kapot.csv"
    path.write_bytes(content)

    with pytest.raises(EtlError, match=problem) as raised:
        read_statline_csv(path)

    assert str(raised.value).startswith("kerncijfers_kapot.csv: ")


def test_a_missing_file_raises_an_etl_error_naming_the_file(tmp_path):
    with pytest.raises(EtlError, match=r"^bestaat_niet\.csv: "):
        read_statline_csv(tmp_path / "bestaat_niet.csv")


@pytest.mark.shared
def test_shared_income_extract_gives_groningen_low_income_and_social_minimum(shared_dir):
    indicators = read_statline_csv(shared_dir / "geodata-groningen"
                                   / "kwb_inkomen_2019_extract.csv")

    assert value_of(indicators, "GM0014", "low_income_pct")["value"] == pytest.approx(13.6)
    assert value_of(indicators, "GM0014", "social_minimum_pct")["value"] == pytest.approx(11.6)


@pytest.mark.shared
def test_shared_kwb_2024_gives_inhabitants_for_the_gemeente_and_its_20_wijken(shared_dir):
    indicators = read_statline_csv(shared_dir / "geodata-groningen" / "kwb_wijken_2024.csv")

    inhabitants = indicators[indicators["measure"] == "inhabitants"]
    assert len(inhabitants) == 21
    assert inhabitants["value"].notna().all()
    assert inhabitants["area_code"].str.startswith("WK").sum() == 20
    assert value_of(indicators, "GM0014", "inhabitants")["value"] == 243768
