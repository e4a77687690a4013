"""In-process smoke tests: health endpoint, page layouts, behaviour without data."""

from __future__ import annotations

import json

from dash import dcc
from dash_tree import find_component

from dashboard import ids
from dashboard.data.published import configure


def test_healthz_names_the_last_month_of_the_data(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["last_month"] == "2026-10-01"
    assert body["is_demo"] is True


def test_index_is_served_in_dutch(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<html lang="nl">' in response.data


def test_bundles_and_callbacks_are_compressed_for_browsers_that_accept_it(client):
    plain = client.get("/_dash-component-suites/plotly/package_data/plotly.min.js")
    squeezed = client.get("/_dash-component-suites/plotly/package_data/plotly.min.js",
                          headers={"Accept-Encoding": "gzip, deflate, br"})
    assert plain.status_code == squeezed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert squeezed.headers["Content-Encoding"] == "br"
    assert int(squeezed.headers["Content-Length"]) * 3 < len(plain.data)
    gzip_only = client.get("/_dash-component-suites/plotly/package_data/plotly.min.js",
                           headers={"Accept-Encoding": "gzip"})
    assert gzip_only.headers["Content-Encoding"] == "gzip"


def test_kaart_layout_has_a_map_of_all_150_buurten(dash_app):
    from dashboard.pages import kaart

    layout = kaart.layout()
    graph = find_component(layout, ids.MAP_GRAPH)
    assert isinstance(graph, dcc.Graph)
    figure = graph.figure
    assert len(figure.data[1].locations) == 150
    assert len(figure.data[0].geojson["features"]) == 150


def test_kaart_layout_offers_the_table_behind_a_closed_button(dash_app):
    from dashboard.pages import kaart

    layout = kaart.layout()
    toggle = find_component(layout, ids.MAP_TABLE_TOGGLE)
    table = find_component(layout, ids.MAP_TABLE)
    assert toggle.children == "Toon als tabel"
    assert getattr(toggle, "aria-expanded") == "false"
    assert getattr(toggle, "aria-controls") == ids.MAP_TABLE
    assert table.hidden is True and table.children is None


def test_kaart_layout_follows_the_query_string(dash_app):
    from dashboard.pages import kaart

    layout = kaart.layout(niveau="wijk", maand="2025-01", venster="3")
    graph = find_component(layout, ids.MAP_GRAPH)
    assert len(graph.figure.data[1].locations) == 20
    period = find_component(layout, ids.MAP_PERIOD_TEXT)
    assert "nov 2024 t/m jan 2025" in period.children


def test_with_several_gemeenten_the_map_opens_on_wijken_unless_the_url_asks(dash_app,
                                                                          monkeypatch):
    from dataclasses import replace

    from dashboard.data.meta import read_meta
    from dashboard.pages import kaart

    national = replace(read_meta(), gemeente_code="*")
    monkeypatch.setattr(kaart, "read_meta", lambda: national)
    opened = find_component(kaart.layout(), ids.MAP_GRAPH)
    assert len(opened.figure.data[1].locations) == 20  # the demo's wijken
    asked = find_component(kaart.layout(niveau="buurt"), ids.MAP_GRAPH)
    assert len(asked.figure.data[1].locations) == 150


def test_missing_published_file_gives_503_and_a_dutch_error_page(dash_app, demo_build, tmp_path):
    from dashboard.pages import kaart

    configure(tmp_path / "ontbreekt.duckdb")
    try:
        response = dash_app.server.test_client().get("/healthz")
        assert response.status_code == 503
        assert response.get_json()["status"] == "unavailable"
        layout = kaart.layout()
        text = json.dumps(layout.to_plotly_json(), default=str)
        assert "niet beschikbaar" in text
        assert "Traceback" not in text
    finally:
        configure(demo_build.published)


def test_corrupt_published_file_gives_503(dash_app, demo_build, tmp_path):
    broken = tmp_path / "kapot.duckdb"
    broken.write_bytes(b"dit is geen duckdb-bestand" * 100)
    configure(broken)
    try:
        assert dash_app.server.test_client().get("/healthz").status_code == 503
    finally:
        configure(demo_build.published)
