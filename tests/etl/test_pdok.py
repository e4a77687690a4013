"""Behaviour of the PDOK boundary download against recorded-style answers; never the network."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from responses import matchers

from etl.errors import EtlError
from etl.extract import pdok
from etl.extract.cbs_boundaries import read_boundaries
from etl.extract.pdok import download_boundaries

FIXTURES = Path(__file__).parents[1] / "fixtures" / "pdok"
WFS = "https://service.pdok.nl/cbs/wijkenbuurten/2024/wfs/v1_0"
OGC = "https://api.pdok.nl/cbs/wijken-en-buurten-2024/ogc/v1/collections"
ANY_PDOK = re.compile(r"https://(service|api)\.pdok\.nl/.*")


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def without_param(name: str):
    def match(request: requests.PreparedRequest) -> tuple[bool, str]:
        present = name in parse_qs(urlsplit(request.url).query)
        return not present, f"{name} present" if present else ""
    return match


def query_of(call: responses.Call) -> dict[str, list[str]]:
    return parse_qs(urlsplit(call.request.url).query)


@pytest.fixture
def pdok_mock(monkeypatch):
    """Two features per page; every request must hit a registered URL."""
    monkeypatch.setattr(pdok, "PAGE_SIZE", 2)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def serve_wfs(mock: responses.RequestsMock) -> None:
    mock.get(WFS, json=load("wfs_buurten_page1.json"),
             match=[matchers.query_param_matcher({"startIndex": "0"}, strict_match=False)])
    mock.get(WFS, json=load("wfs_buurten_page2.json"),
             match=[matchers.query_param_matcher({"startIndex": "2"}, strict_match=False)])


def serve_ogc_api(mock: responses.RequestsMock) -> None:
    mock.get(f"{OGC}/gemeenten/items", json=load("ogc_gemeenten_gm0014.json"),
             match=[matchers.query_param_matcher({"gemeentecode": "GM0014"},
                                                 strict_match=False)])
    mock.get(f"{OGC}/buurten/items", json=load("ogc_buurten_page2.json"),
             match=[matchers.query_param_matcher({"cursor": "Ag|AAAAAAAAACs"},
                                                 strict_match=False)])
    mock.get(f"{OGC}/buurten/items", json=load("ogc_buurten_page1.json"),
             match=[without_param("cursor")])


def written(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_download_boundaries_pages_the_wfs_by_start_index_with_a_gemeente_filter(pdok_mock,
                                                                                tmp_path):
    serve_wfs(pdok_mock)

    path = download_boundaries(2024, ["GM0014"], "buurt", tmp_path)

    assert path == tmp_path / "pdok_buurten_2024_GM0014.geojson"
    codes = [f["properties"]["buurtcode"] for f in written(path)["features"]]
    assert codes == ["BU00140000", "BU00140001", "BU00140002"]
    queries = [query_of(c) for c in pdok_mock.calls]
    assert [q["startIndex"] for q in queries] == [["0"], ["2"]]
    first = queries[0]
    assert first["typeNames"] == ["wijkenbuurten:buurten"]
    assert first["srsName"] == ["EPSG:4326"]
    assert first["outputFormat"] == ["application/json"]
    assert first["count"] == ["2"]
    assert first["FILTER"] == ["<Filter><PropertyIsEqualTo><PropertyName>gemeentecode"
                               "</PropertyName><Literal>GM0014</Literal></PropertyIsEqualTo>"
                               "</Filter>"]


def test_download_boundaries_follows_next_links_and_filters_on_gemeente(pdok_mock, tmp_path):
    pdok_mock.get(WFS, status=404)
    serve_ogc_api(pdok_mock)

    path = download_boundaries(2024, ["0014"], "buurt", tmp_path)

    features = written(path)["features"]
    assert [f["properties"]["buurtcode"] for f in features] == [
        "BU00140000", "BU00140001", "BU00140002"]
    assert {f["properties"]["gemeentecode"] for f in features} == {"GM0014"}
    buurt_calls = [c for c in pdok_mock.calls if "/buurten/" in c.request.url]
    assert len(buurt_calls) == 2
    assert "cursor" in query_of(buurt_calls[1])
    bbox = [float(v) for v in query_of(buurt_calls[0])["bbox"][0].split(",")]
    assert bbox == pytest.approx([6.5595, 53.2175, 6.5665, 53.2205], abs=2e-6)


def test_download_boundaries_output_reads_with_read_boundaries(pdok_mock, tmp_path):
    serve_wfs(pdok_mock)

    frame = read_boundaries(download_boundaries(2024, ["GM0014"], "buurt", tmp_path), "buurt")

    assert frame.crs.to_epsg() == 4326
    assert list(frame["area_code"]) == ["BU00140000", "BU00140001", "BU00140002"]
    assert list(frame["area_name"]) == ["Binnenstad-Noord", "Binnenstad-Zuid", "Hoornse Meer"]
    assert set(frame["gemeente_code"]) == {"GM0014"}
    assert set(frame["gemeente_name"]) == {"Groningen"}
    assert list(frame["is_water"]) == [False, False, True]
    assert list(frame["has_boundary_change"]) == [False, False, False]
    assert list(frame["year"]) == [2024, 2024, 2024]
    assert frame.geometry.is_valid.all()
    assert frame.total_bounds == pytest.approx([6.560, 53.218, 6.566, 53.220])


def test_download_boundaries_output_of_the_ogc_api_reads_with_read_boundaries(pdok_mock,
                                                                             tmp_path):
    pdok_mock.get(WFS, status=503)
    serve_ogc_api(pdok_mock)

    frame = read_boundaries(download_boundaries(2024, ["GM0014"], "buurt", tmp_path), "buurt")

    assert frame.crs.to_epsg() == 4326
    assert list(frame["area_code"]) == ["BU00140000", "BU00140001", "BU00140002"]
    assert list(frame["is_water"]) == [False, False, True]
    assert frame["has_boundary_change"].notna().all()


def test_download_boundaries_keeps_boundary_attributes_and_drops_kwb_figures(pdok_mock,
                                                                            tmp_path):
    serve_wfs(pdok_mock)

    path = download_boundaries(2024, ["GM0014"], "buurt", tmp_path)

    properties = written(path)["features"][0]["properties"]
    assert set(properties) == {"buurtcode", "buurtnaam", "wijkcode", "gemeentecode",
                               "gemeentenaam", "indelingswijzigingWijkenEnBuurten", "water",
                               "jrstatcode", "jaar"}


def test_download_boundaries_swaps_lat_lon_answers_into_lon_lat(pdok_mock, tmp_path):
    page = load("wfs_buurten_page2.json")
    for feature in page["features"]:
        ring = feature["geometry"]["coordinates"][0]
        feature["geometry"]["coordinates"] = [[[lat, lon] for lon, lat in ring]]
    pdok_mock.get(WFS, json=page)

    path = download_boundaries(2024, ["GM0014"], "buurt", tmp_path)

    first = written(path)["features"][0]["geometry"]["coordinates"][0][0]
    assert first == pytest.approx([6.564, 53.218])


def test_download_boundaries_raises_clear_error_when_offline(pdok_mock, tmp_path):
    pdok_mock.get(ANY_PDOK, body=requests.ConnectionError("Temporary failure in name resolution"))

    with pytest.raises(EtlError, match=r"^PDOK niet bereikbaar \(geen internet\?\): buurten "
                                       r"2024 voor GM0014 niet opgehaald$"):
        download_boundaries(2024, ["GM0014"], "buurt", tmp_path)

    assert list(tmp_path.iterdir()) == []


def test_download_boundaries_names_the_http_status_when_pdok_fails(pdok_mock, tmp_path):
    pdok_mock.get(ANY_PDOK, status=500, body="Internal Server Error")

    with pytest.raises(EtlError) as caught:
        download_boundaries(2024, ["GM0014"], "buurt", tmp_path)

    message = str(caught.value)
    assert "PDOK WFS wijkenbuurten 2024 gaf HTTP 500" in message
    assert "PDOK OGC API wijken-en-buurten-2024 gaf HTTP 500" in message
    assert "\n" not in message


def test_download_boundaries_raises_clear_error_when_the_answer_is_not_geojson(pdok_mock,
                                                                              tmp_path):
    pdok_mock.get(WFS, body=(FIXTURES / "wfs_exception.xml").read_text(encoding="utf-8"),
                  content_type="text/xml")
    pdok_mock.get(re.compile(re.escape(OGC) + ".*"), body="<html>onderhoud</html>",
                  content_type="text/html")

    with pytest.raises(EtlError, match=r"gaf geen GeoJSON terug \(foutmelding: msWFSGetFeature"
                                       r".*Content-Type text/html"):
        download_boundaries(2024, ["GM0014"], "buurt", tmp_path)


def test_download_boundaries_raises_clear_error_when_json_is_no_feature_collection(pdok_mock,
                                                                                  tmp_path):
    pdok_mock.get(ANY_PDOK, json={"code": "NotFound", "description": "geen collectie"})

    with pytest.raises(EtlError, match="geen GeoJSON FeatureCollection"):
        download_boundaries(2024, ["GM0014"], "buurt", tmp_path)


def test_download_boundaries_raises_clear_error_when_no_features_for_the_gemeente(pdok_mock,
                                                                                 tmp_path):
    pdok_mock.get(WFS, json=load("wfs_empty.json"))
    empty = {"type": "FeatureCollection", "links": [], "numberReturned": 0, "features": []}
    pdok_mock.get(f"{OGC}/gemeenten/items", json=empty)

    with pytest.raises(EtlError, match=r"^geen buurten gevonden voor GM9999 bij PDOK "
                                       r"\(jaargang 2024\); klopt de gemeentecode\?$"):
        download_boundaries(2024, ["GM9999"], "buurt", tmp_path)

    assert list(tmp_path.iterdir()) == []


def test_download_boundaries_lists_all_gemeenten_when_the_property_filter_is_refused(
        pdok_mock, tmp_path):
    pdok_mock.get(WFS, status=404)
    pdok_mock.get(f"{OGC}/gemeenten/items", status=400,
                  json={"code": "BadRequest", "description": "unknown query parameter"},
                  match=[matchers.query_param_matcher({"gemeentecode": "GM0014"},
                                                      strict_match=False)])
    pdok_mock.get(f"{OGC}/gemeenten/items", json=load("ogc_gemeenten_all.json"),
                  match=[without_param("gemeentecode")])
    pdok_mock.get(f"{OGC}/buurten/items", json=load("ogc_buurten_page2.json"),
                  match=[matchers.query_param_matcher({"cursor": "Ag|AAAAAAAAACs"},
                                                      strict_match=False)])
    pdok_mock.get(f"{OGC}/buurten/items", json=load("ogc_buurten_page1.json"),
                  match=[without_param("cursor")])

    path = download_boundaries(2024, ["GM0014"], "buurt", tmp_path)

    assert len(written(path)["features"]) == 3
    bbox = [float(v) for v in query_of(pdok_mock.calls[-2])["bbox"][0].split(",")]
    assert bbox == pytest.approx([6.5595, 53.2175, 6.5665, 53.2205], abs=2e-6)


def test_download_boundaries_rejects_bad_level_and_gemeente_before_any_request(pdok_mock,
                                                                              tmp_path):
    with pytest.raises(EtlError, match="onbekend niveau"):
        download_boundaries(2024, ["GM0014"], "provincie", tmp_path)
    with pytest.raises(EtlError, match="ongeldige gemeentecode"):
        download_boundaries(2024, ["Groningen"], "buurt", tmp_path)

    assert len(pdok_mock.calls) == 0
