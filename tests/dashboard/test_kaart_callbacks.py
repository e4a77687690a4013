"""Kaart callback bodies as plain functions: state, recolouring, navigation."""

from __future__ import annotations

import json
from datetime import date

import plotly.graph_objects as go
import pytest
from dash import Patch

from dashboard import ids
from dashboard.callbacks.kaart import MapState, navigation_target, on_table_toggle, render_map

MONTHS = (date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1))


def test_map_state_round_trips_through_the_query_string():
    state = MapState(level="wijk", month=date(2026, 9, 1), window=3, indicator="partner",
                     partner="Huur", colour_mode="afwijking")
    query = dict(pair.split("=") for pair in state.to_query().lstrip("?").split("&"))
    assert MapState.from_query(query, MONTHS) == state


def test_map_state_falls_back_to_defaults_for_odd_query_values():
    state = MapState.from_query({"niveau": "land", "maand": "2099-13", "venster": "7",
                                 "indicator": "x", "kleur": "paars"}, MONTHS)
    assert state == MapState(month=date(2026, 10, 1))


def test_render_map_in_full_sends_geometry_and_a_patch_only_colours(dash_app):
    state = MapState(level="buurt", month=date(2026, 10, 1))
    full = render_map(state, full=True)
    patch = render_map(state, full=False)
    assert isinstance(full.figure, go.Figure)
    assert isinstance(patch.figure, Patch)
    full_size = len(json.dumps(full.figure.to_plotly_json(), default=str))
    patch_size = len(json.dumps(patch.figure.to_plotly_json(), default=str))
    assert "geojson" not in json.dumps(patch.figure.to_plotly_json(), default=str)
    assert patch_size < 50_000
    assert patch_size * 3 < full_size


def test_a_month_change_sends_colours_and_counts_but_no_names(dash_app):
    state = MapState(level="buurt", month=date(2026, 10, 1))
    full = render_map(state, full=True).figure
    patch = render_map(state, full=False).figure.to_plotly_json()
    assert {op["location"][-1] for op in patch["operations"]} == {
        "z", "text", "hovertemplate", "colorscale", "zmin", "zmax", "colorbar"}
    names = [name for name in full.data[1].customdata if len(name) > 6]
    assert len(full.data[1].customdata) == 150
    assert not [name for name in names if name in json.dumps(patch, default=str)]
    # Each area's count and value go only to the trace that draws it.
    for grey, grey_text, value_text in zip(full.data[0].z, full.data[0].text, full.data[1].text,
                                           strict=True):
        assert (grey is None) == (grey_text == "") == (value_text != "")
    assert "per 1.000 huishoudens" in full.data[1].hovertemplate
    assert "%{customdata}" in full.data[0].hovertemplate


def test_the_table_is_built_only_while_it_is_open(dash_app):
    state = MapState(level="wijk", month=date(2026, 10, 1))
    assert render_map(state, full=False).table is None
    table = render_map(state, full=False, table=True).table
    assert len(table.children[2].children) == 20
    controls = ("wijk", 0, 1, "signalen", "Zorg", "waarde")
    opened, hidden, expanded, label = on_table_toggle(1, True, *controls)
    assert (hidden, expanded, label) == (False, "true", "Verberg tabel")
    assert len(opened.children[2].children) == 20
    assert on_table_toggle(2, False, *controls) == (None, True, "false", "Toon als tabel")


def test_render_map_never_colours_a_suppressed_area(dash_app):
    render = render_map(MapState(level="buurt", month=date(2026, 10, 1)), full=True)
    values = render.figure.data[1].z
    greys = render.figure.data[0].z
    texts = render.figure.data[0].text
    suppressed = [i for i, g in enumerate(greys) if g == 0.0]
    assert suppressed, "the demo has suppressed buurten in a single month"
    assert all(values[i] is None for i in suppressed)
    assert all("minder dan 5" in texts[i] for i in suppressed)


def test_period_is_written_in_words(dash_app):
    render = render_map(MapState(level="wijk", month=date(2026, 3, 1), window=3), full=False)
    assert "jan 2026 t/m mrt 2026" in render.period_text
    render = render_map(MapState(level="wijk", month=date(2026, 3, 1), window=1), full=False)
    assert "maart 2026" in render.period_text


def test_clicking_or_searching_an_area_opens_its_page(dash_app):
    click = {"points": [{"location": "BU00141000"}]}
    assert navigation_target(ids.MAP_GRAPH, click, None, None) == ("BU00141000", "")
    assert navigation_target(ids.MAP_SEARCH, None, "Selwerd (buurt)", None)[0] == "BU00141000"
    assert navigation_target(ids.MAP_SEARCH, None, "groningen-noord (nplv)", None)[0] \
        == "nplv-noord"
    assert navigation_target(ids.MAP_SEARCH, None, "Atlantis", None) == (
        None, "Geen gebied met die naam gevonden.")


def test_postcode_search_finds_the_buurt_or_says_it_does_not(dash_app, demo_build):
    import duckdb

    con = duckdb.connect(str(demo_build.published), read_only=True)
    pc6, buurt = con.execute("select pc6, buurt_code from postcode_area limit 1").fetchone()
    con.close()
    target, message = navigation_target(ids.MAP_POSTCODE_BUTTON, None, None,
                                         f"{pc6[:4]} {pc6[4:].lower()}")
    assert target == buurt
    assert "ligt in" in message
    target, message = navigation_target(ids.MAP_POSTCODE_BUTTON, None, None, "1011 AB")
    assert target is None
    assert "niet gevonden" in message


def test_signal_rates_over_a_window_are_per_month_so_windows_compare(dash_app):
    from dashboard.data.map_values import map_values

    months = [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]
    monthly = [map_values("wijk", m, 1, "signalen").gemeente_value for m in months]
    window = map_values("wijk", months[-1], 3, "signalen")
    assert window.per_month
    assert window.gemeente_value == pytest.approx(sum(monthly) / 3, rel=1e-9)
    render = render_map(MapState(level="wijk", month=months[-1], window=3), full=False)
    assert "gemiddeld per maand" in render.period_text
    # Distinct households cannot be split over months: that indicator stays per period.
    assert not map_values("wijk", months[-1], 3, "huishoudens").per_month


def test_a_month_in_another_boundary_year_redraws_the_map_instead_of_recolouring(dash_app):
    state = MapState(level="buurt", month=date(2026, 10, 1))
    drawn = render_map(state, full=True).drawn
    assert render_map(state, full=False, drawn=drawn).figure.__class__ is Patch
    # The map still holds the shapes of another year (or level): colours alone would land
    # on the wrong areas.
    other_year = {**drawn, "year": (drawn["year"] or 2000) - 1}
    assert isinstance(render_map(state, full=False, drawn=other_year).figure, go.Figure)
    assert isinstance(render_map(state, full=False, drawn={**drawn, "level": "wijk"}).figure,
                      go.Figure)


def test_with_several_gemeenten_each_area_is_compared_with_its_own_gemeente():
    import pandas as pd

    from dashboard.data.map_values import own_gemeente_values
    from dashboard.figures.choropleth import deviation_classes

    areas = pd.DataFrame({"area_code": ["BU00140001", "WK036301", "nplv-noord"],
                          "value": [10.0, 10.0, 10.0]})
    gemeenten = pd.DataFrame({"area_code": ["GM0014", "GM0363"], "value": [5.0, 20.0]})
    own = own_gemeente_values(areas, gemeenten)
    assert own.tolist()[:2] == [5.0, 20.0] and pd.isna(own.iloc[2])
    classes = deviation_classes(areas["value"], own)
    # Above its own gemeente (Groningen), below its own (Amsterdam), no comparison.
    assert classes.iloc[0] >= 2 and classes.iloc[1] <= 1 and pd.isna(classes.iloc[2])
