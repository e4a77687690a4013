"""The Groningen-Noord page in-process: layout, the gap, the neighbourhoods, the tables."""

from __future__ import annotations

import json
import re

import dash
import duckdb
import pandas as pd
import pytest
from dash import dcc, html

from dashboard import ids
from dashboard.callbacks import nplv as callbacks
from dashboard.callbacks.nplv import NplvState, rate_text, render_gap, render_neighbourhoods
from dashboard.data.nplv import gap_data, structure_data
from dashboard.data.published import configure

NEIGHBOURHOODS = {"Vinkhuizen", "Paddepoel", "Selwerd", "De Hoogte", "Indische Buurt",
                  "Oosterparkwijk", "Beijum", "Lewenborg"}


def _page_layout(**query):
    """The registered page's layout; importing ``dashboard.pages.nplv`` again would register
    the path twice (Dash imports it as ``pages.nplv``) and break the app's router."""
    return dash.page_registry["dashboard.pages.nplv"]["layout"](**query)


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _walk(child)


def _find(component, component_id):
    return next((c for c in _walk(component) if getattr(c, "id", None) == component_id), None)


def _text(component) -> str:
    return json.dumps(component.to_plotly_json(), default=str, ensure_ascii=False)


def _published_rates(con, codes: list[str], window: int) -> pd.DataFrame:
    """Rates per month computed straight from the published tables, independent of the app."""
    frame = con.execute("""
        select s.area_code, s.month, s.signals, i.households
        from signals_window_area s
        asof left join (select area_code, year, households from indicators_year) i
            on i.area_code = s.area_code and i.year <= year(s.month)
        where s.area_code in (select unnest($codes)) and s.window_months = $window
          and s.partner_type = 'Totaal' and s.months_covered = $window
    """, {"codes": codes, "window": window}).fetchdf()
    frame["rate"] = frame["signals"] / frame["households"] * 1000 / window
    return frame.pivot(index="month", columns="area_code", values="rate")


def test_nplv_layout_has_the_gap_the_neighbourhoods_and_the_yearly_figures(dash_app):
    layout = _page_layout()
    assert isinstance(_find(layout, ids.NPLV_GAP_GRAPH), dcc.Graph)
    assert isinstance(_find(layout, ids.NPLV_STRUCTURE_GRAPH), dcc.Graph)
    grid = _find(layout, ids.NPLV_SMALL_MULTIPLES_GRID)
    assert sum(isinstance(c, dcc.Graph) for c in _walk(grid)) == 8
    assert _find(layout, ids.NPLV_WINDOW).value == 3
    assert "nplv-presentation" not in layout.className
    assert _find(layout, ids.NPLV_PRESENT).href == "/nplv?venster=3&presentatie=1"
    assert "Demo-data" in _text(layout)


def test_presentation_mode_wraps_the_page_and_offers_the_way_back(dash_app):
    layout = _page_layout(presentatie="1", venster="12")
    assert "nplv-presentation" in layout.className
    assert _find(layout, ids.NPLV_PRESENT_EXIT).href == "/nplv?venster=12"
    assert _find(layout, ids.NPLV_WINDOW).value == 12
    assert isinstance(_find(layout, ids.NPLV_GAP_GRAPH), dcc.Graph)


def test_every_chart_sits_in_a_named_region_with_a_table_alternative(dash_app):
    layout = _page_layout()
    regions = [c for c in _walk(layout) if isinstance(c, html.Div)
               and getattr(c, "role", None) == "region"]
    assert len(regions) == 10  # gap, 8 neighbourhoods, structure
    assert all(c.to_plotly_json()["props"].get("aria-label") for c in regions)
    details = [c for c in _walk(layout) if isinstance(c, html.Details)]
    assert len(details) == 3
    for item in details:
        assert item.children[0].children == "Toon als tabel"
        assert any(isinstance(c, html.Table) for c in _walk(item))
    for graph in (c for c in _walk(layout) if isinstance(c, dcc.Graph)):
        assert graph.config["displaylogo"] is False


def test_the_gap_series_is_groningen_noord_minus_the_rest_from_the_published_file(
        dash_app, demo_build):
    con = duckdb.connect(str(demo_build.published), read_only=True)
    expected = _published_rates(con, ["nplv-noord", "nplv-rest"], 3)
    con.close()
    expected_gap = (expected["nplv-noord"] - expected["nplv-rest"]).sort_index()
    gap = gap_data(3).difference.set_index("month")["rate"].astype(float)
    assert len(gap) == len(expected_gap) == 34
    assert gap.to_numpy() == pytest.approx(expected_gap.to_numpy())
    figure = render_gap(3).figure
    drawn = [t for t in figure.data if t.name == "Verschil"]
    assert list(drawn[0].y) == pytest.approx(list(expected_gap.to_numpy()))


def test_the_latest_values_are_written_out_in_words(dash_app):
    text = _text(html.Div(render_gap(1).text))
    assert re.search(r"In oktober 2026: Groningen-Noord \d+,\d per 1\.000 huishoudens, rest "
                     r"van de gemeente \d+,\d; verschil \d+,\d\.", text)
    text = _text(html.Div(render_gap(3).text))
    assert "In aug 2026 t/m okt 2026 (gemiddeld per maand): Groningen-Noord" in text


def test_hover_text_is_dutch_and_carries_the_interval_and_the_count(dash_app):
    figure = render_gap(3).figure
    line = next(t for t in figure.data if t.name == "Groningen-Noord (NPLV)")
    assert line.hovertemplate == "%{text}<extra></extra>"
    assert re.search(r"okt 2026: \d+,\d per 1\.000 huishoudens per maand<br>95 %-interval "
                     r"\d+,\d–\d+,\d<br>[\d.]+ signalen", line.text[-1])


def test_the_gap_table_has_the_same_numbers_as_the_chart(dash_app):
    render = render_gap(12)
    rows = render.table.children[2].children
    assert len(rows) == 25  # complete 12-month windows: okt 2024 … okt 2026
    first = rows[0]
    assert first.children[0].children == "nov 2025 t/m okt 2026"
    gap = next(t for t in render.figure.data if t.name == "Verschil")
    assert first.children[7].children == f"{gap.y[-1]:.1f}".replace(".", ",")


def test_small_multiples_cover_the_eight_neighbourhoods_on_one_scale(dash_app):
    render = render_neighbourhoods(3)
    assert len(render.panels) == 8
    figures = [next(c for c in _walk(p) if isinstance(c, dcc.Graph)).figure
               for p in render.panels]
    assert {f.layout.title.text for f in figures} == NEIGHBOURHOODS
    ranges = {tuple(f.layout.yaxis.range) for f in figures}
    assert len(ranges) == 1
    for figure in figures:
        assert any(t.name == "gemeente Groningen" and t.line.dash == "dash"
                   for t in figure.data)
    headers = [th.children for th in render.table.children[1].children.children]
    assert set(headers[1:9]) == NEIGHBOURHOODS and headers[9] == "gemeente Groningen"


def test_a_suppressed_count_reads_minder_dan_5_in_table_and_is_left_out_of_the_chart(
        dash_app, monkeypatch):
    real = callbacks.neighbourhood_data

    def with_a_suppressed_month(window):
        data = real(window)
        series = data.series.copy()
        hit = (series["area_code"] == "nplv-selwerd") & (
            series["month"] == series["month"].max())
        series.loc[hit, ["signals"]] = pd.NA
        series.loc[hit, ["rate", "lower", "upper"]] = pd.NA
        series.loc[hit, "status"] = "onderdrukt"
        return type(data)(series, data.areas, data.gemeente_code, data.gemeente_name,
                          data.first_month, data.last_month)

    monkeypatch.setattr(callbacks, "neighbourhood_data", with_a_suppressed_month)
    render = render_neighbourhoods(1)
    headers = [th.children for th in render.table.children[1].children.children]
    newest = render.table.children[2].children[0]
    assert newest.children[headers.index("Selwerd")].children == "minder dan 5 of afgeschermd"
    selwerd = next(next(c for c in _walk(p) if isinstance(c, dcc.Graph)).figure
                   for p in render.panels
                   if "Selwerd" in p.to_plotly_json()["props"]["aria-label"])
    line = next(t for t in selwerd.data if t.name == "Selwerd")
    assert line.y[-1] is None
    assert rate_text(None, "onderdrukt", 5) == "minder dan 5 of afgeschermd"


def test_structure_runs_from_the_baseline_year_with_counts_and_says_it_is_synthetic(dash_app):
    data = structure_data()
    assert data.baseline_year == 2019
    assert set(data.frame["year"]) == set(range(2019, 2026))
    section = callbacks.render_structure()
    text = _text(section)
    assert "Inkomen en schulden per jaar sinds 2019" in text
    assert "synthetisch" in text
    assert re.search(r"laag inkomen \d+,\d % \([\d.]+\)", text)
    table = next(c for c in _walk(section) if isinstance(c, html.Table))
    rows = table.children[2].children
    assert len(rows) == 14
    assert rows[0].children[5].children == "geen gegevens"  # debts start in 2021


def test_nplv_state_round_trips_and_falls_back_to_three_months():
    state = NplvState(window=12, presentation=True)
    query = dict(p.split("=") for p in state.to_query().lstrip("?").split("&"))
    assert NplvState.from_query(query) == state
    assert NplvState.from_query({"venster": "7", "presentatie": "x"}) == NplvState()
    assert NplvState.from_query({}).window == 3


def test_choosing_a_window_redraws_the_series_and_returns_the_url_query(dash_app):
    figure, text, table, panels, small_table, query, present = callbacks.on_window(12)
    assert query == "?venster=12"
    assert present == "/nplv?venster=12&presentatie=1"
    line = next(t for t in figure.data if t.name == "Verschil")
    assert len(line.x) == 25
    assert "nov 2025 t/m okt 2026" in _text(html.Div(text))
    assert len(table.children[2].children) == len(small_table.children[2].children) == 25
    assert len(panels) == 8


def test_nplv_shows_the_dutch_error_page_without_data(dash_app, demo_build, tmp_path):
    configure(tmp_path / "ontbreekt.duckdb")
    try:
        text = _text(_page_layout())
        assert "niet beschikbaar" in text
        assert "Traceback" not in text
    finally:
        configure(demo_build.published)
