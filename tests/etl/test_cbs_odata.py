"""Behaviour of the CBS OData reader against recorded-style answers; never the real network."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import requests
import responses

from etl.errors import EtlError
from etl.extract.cbs_odata import KWB_TABLES, read_kwb_table, table_for_year

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cbs_odata"
TABLE = "85984NED"
BASE = f"https://opendata.cbs.nl/ODataFeed/odata/{TABLE}/"
ENTITY_SETS = ("TableInfos", "DataProperties", "CategoryGroups", "WijkenEnBuurten",
               "TypedDataSet")


def load(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def cbs():
    """Every request must hit a registered URL; anything else fails the test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def serve_table(mock: responses.RequestsMock, **overrides: dict) -> None:
    mock.get(BASE, json=load("root"))
    for name in ENTITY_SETS:
        mock.get(BASE + name, json=overrides.get(name, load(name)))


def dataset_query(mock: responses.RequestsMock) -> dict[str, list[str]]:
    calls = [c for c in mock.calls if urlsplit(c.request.url).path.endswith("/TypedDataSet")]
    assert len(calls) == 1
    return parse_qs(urlsplit(calls[0].request.url).query)


def indicator(frame: pd.DataFrame, code: str, measure: str) -> pd.Series:
    rows = frame[(frame["area_code"] == code) & (frame["measure"] == measure)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_read_kwb_table_matches_columns_by_key_stem_not_suffix(cbs):
    serve_table(cbs)

    frame = read_kwb_table(TABLE, ["GM0014"])

    selected = dataset_query(cbs)["$select"][0].split(",")
    assert "HuishoudensMetEenLaagInkomen_89" in selected
    assert "HuishOnderOfRondSociaalMinimum_90" in selected
    assert not any(key.startswith(("HuishoudensTot110", "k_40")) for key in selected)
    assert indicator(frame, "GM0014", "low_income_pct")["value"] == pytest.approx(12.4)
    assert indicator(frame, "GM0014", "social_minimum_pct")["value"] == pytest.approx(14.1)
    assert indicator(frame, "GM0014", "inhabitants")["value"] == 243768
    assert indicator(frame, "WK001400", "households")["value"] == 19810


def test_read_kwb_table_returns_the_long_indicator_frame_with_codes_from_codering(cbs):
    serve_table(cbs)

    frame = read_kwb_table(TABLE, ["GM0014"])

    assert list(frame.columns) == ["area_code", "measure", "value", "null_reason"]
    assert set(frame["area_code"]) == {"GM0014", "WK001400", "BU00140000", "BU00140001"}
    assert set(frame["measure"]) == {"inhabitants", "households", "low_income_pct",
                                     "social_minimum_pct"}
    assert len(frame) == 4 * 4
    assert str(frame["value"].dtype) == "Float64"


def test_read_kwb_table_turns_cbs_secret_nulls_into_null_with_reason(cbs):
    serve_table(cbs)

    frame = read_kwb_table(TABLE, ["GM0014"])

    secret = indicator(frame, "BU00140001", "low_income_pct")
    assert pd.isna(secret["value"])
    assert secret["null_reason"] == "geheim of onbekend (CBS)"
    known = indicator(frame, "BU00140001", "inhabitants")
    assert known["value"] == 45
    assert pd.isna(known["null_reason"])


def test_read_kwb_table_filters_on_gemeente_wijk_and_buurt_codes_of_each_gemeente(cbs):
    serve_table(cbs)

    read_kwb_table(TABLE, ["GM0014", "34"])

    query = dataset_query(cbs)
    assert query["$filter"] == [
        "startswith(WijkenEnBuurten,'GM0014') or startswith(WijkenEnBuurten,'WK0014') or "
        "startswith(WijkenEnBuurten,'BU0014') or startswith(WijkenEnBuurten,'GM0034') or "
        "startswith(WijkenEnBuurten,'WK0034') or startswith(WijkenEnBuurten,'BU0034')"
    ]
    assert query["$select"][0].split(",")[:2] == ["Codering_3", "SoortRegio_2"]


def test_read_kwb_table_without_gemeenten_sends_no_filter(cbs):
    serve_table(cbs)

    read_kwb_table(TABLE)

    assert "$filter" not in dataset_query(cbs)


def test_read_kwb_table_falls_back_to_column_titles_when_a_key_stem_is_new(cbs):
    properties = load("DataProperties")
    dataset = load("TypedDataSet")
    for prop in properties["value"]:
        if prop["Key"] == "HuishoudensMetEenLaagInkomen_89":
            prop["Key"] = "HuishMetLaagInkomen_89"
    for row in dataset["value"]:
        row["HuishMetLaagInkomen_89"] = row.pop("HuishoudensMetEenLaagInkomen_89")
    serve_table(cbs, DataProperties=properties, TypedDataSet=dataset)

    frame = read_kwb_table(TABLE, ["GM0014"])

    assert "HuishMetLaagInkomen_89" in dataset_query(cbs)["$select"][0].split(",")
    assert indicator(frame, "WK001400", "low_income_pct")["value"] == pytest.approx(18.7)


def test_read_kwb_table_raises_clear_error_when_offline(cbs):
    cbs.get(re.compile(r"https://opendata\.cbs\.nl/.*"),
            body=requests.ConnectionError("Name or service not known"))

    offline = r"^CBS OData niet bereikbaar \(geen internet\?\): 85984NED$"
    with pytest.raises(EtlError, match=offline):
        read_kwb_table(TABLE, ["GM0014"])


def test_read_kwb_table_raises_clear_error_on_timeout(cbs):
    cbs.get(re.compile(r"https://opendata\.cbs\.nl/.*"), body=requests.ReadTimeout("slow"))

    with pytest.raises(EtlError, match="niet bereikbaar"):
        read_kwb_table(TABLE, ["GM0014"], timeout=1)


def test_read_kwb_table_names_the_http_status_when_cbs_fails(cbs):
    cbs.get(BASE + "DataProperties", status=500, body="Internal Server Error")

    with pytest.raises(EtlError, match=r"HTTP 500 voor tabel 85984NED"):
        read_kwb_table(TABLE, ["GM0014"])


def test_read_kwb_table_hints_at_a_wrong_table_id_on_404(cbs):
    cbs.get("https://opendata.cbs.nl/ODataFeed/odata/99999NED/DataProperties", status=404)

    with pytest.raises(EtlError, match=r"HTTP 404 .*bestaat deze tabel"):
        read_kwb_table("99999NED")


def test_read_kwb_table_raises_clear_error_on_unexpected_json(cbs):
    cbs.get(BASE + "DataProperties", json={"odata.error": {"message": {"value": "kapot"}}})

    with pytest.raises(EtlError, match="onverwacht antwoord van CBS OData"):
        read_kwb_table(TABLE, ["GM0014"])


def test_read_kwb_table_raises_clear_error_on_html_instead_of_json(cbs):
    cbs.get(BASE + "DataProperties", body="<html>onderhoud</html>", content_type="text/html")

    with pytest.raises(EtlError, match="onverwacht antwoord van CBS OData"):
        read_kwb_table(TABLE, ["GM0014"])


def test_read_kwb_table_says_so_when_no_region_matches_the_gemeente(cbs):
    serve_table(cbs, TypedDataSet={"odata.metadata": BASE + "$metadata", "value": []})

    with pytest.raises(EtlError, match="geen regio's terug voor GM9999"):
        read_kwb_table(TABLE, ["GM9999"])


def test_read_kwb_table_rejects_a_malformed_gemeente_code_before_any_request(cbs):
    with pytest.raises(EtlError, match="ongeldige gemeentecode"):
        read_kwb_table(TABLE, ["Groningen"])

    assert len(cbs.calls) == 0


def test_table_for_year_names_the_kwb_table_and_rejects_unknown_years():
    assert table_for_year(2024) == "85984NED"
    assert table_for_year(2019) == KWB_TABLES[2019]
    with pytest.raises(EtlError, match="2010"):
        table_for_year(2010)
