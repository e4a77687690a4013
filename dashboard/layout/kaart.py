"""The Kaart page: controls, map, legend, the 'toon als tabel' alternative and search."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
from dash import dcc, html

from dashboard import i18n, ids
from dashboard.indicators import INDICATORS, PARTNER_LABELS
from dashboard.palette import SUPPRESSED_GREY, TOO_FEW_GREY


def _radio(label: str, component_id: str, options: dict, value: object) -> html.Fieldset:
    return html.Fieldset(className="control", children=[
        html.Legend(label),
        dcc.RadioItems(id=component_id, value=value, inline=True, className="radio",
                       options=[{"label": text, "value": key} for key, text in options.items()]),
    ])


def controls(*, level: str, levels: dict, month_index: int, months: tuple[date, ...],
             window: int, indicator: str, partner: str, partners: tuple[str, ...],
             colour_mode: str) -> html.Div:
    """All map controls, keyboard-operable, with visible Dutch labels."""
    marks = {i: {"label": i18n.month_short(m)} for i, m in enumerate(months)
             if m.month == 1 or i in (0, len(months) - 1)}
    return html.Div(className="controls", children=[
        _radio("Niveau", ids.MAP_LEVEL, levels, level),
        html.Div(className="control", children=[
            html.Label("Indicator", htmlFor=ids.MAP_INDICATOR),
            dcc.Dropdown(id=ids.MAP_INDICATOR, clearable=False, value=indicator,
                         options=[{"label": i.label, "value": i.key} for i in INDICATORS]),
        ]),
        html.Div(className="control" + ("" if indicator == "partner" else " hidden"),
                 id=ids.MAP_PARTNER + "-wrap", children=[
            html.Label("Signaalpartner", htmlFor=ids.MAP_PARTNER),
            dcc.Dropdown(id=ids.MAP_PARTNER, clearable=False, value=partner,
                         options=[{"label": PARTNER_LABELS.get(p, p), "value": p}
                                  for p in partners]),
        ]),
        html.Div(className="control control-wide", children=[
            html.Label("Maand", htmlFor=ids.MAP_MONTH),
            dcc.Slider(id=ids.MAP_MONTH, min=0, max=max(len(months) - 1, 0), step=1,
                       value=month_index, marks=marks, included=False, allow_direct_input=False,
                       tooltip={"placement": "bottom", "always_visible": False}),
        ]),
        _radio("Periode", ids.MAP_WINDOW, i18n.WINDOWS, window),
        _radio("Kleur", ids.MAP_COLOUR_MODE, i18n.COLOUR_MODES, colour_mode),
    ])


def legend_notes(threshold: int) -> html.Ul:
    """Explain the greys: suppressed counts and areas with too few households."""
    return html.Ul(className="legend-notes", id=ids.MAP_LEGEND, children=[
        html.Li([html.Span(className="swatch", style={"background": SUPPRESSED_GREY}),
                 f"{i18n.suppressed_text(threshold)} (onderdrukt om privacyredenen)"]),
        html.Li([html.Span(className="swatch", style={"background": TOO_FEW_GREY}),
                 f"{i18n.TOO_FEW_HOUSEHOLDS} of {i18n.NO_DATA}"]),
        html.Li([html.Span(className="swatch swatch-outline"),
                 "Groningen-Noord (NPLV)"]),
    ])


def search(options: list[dict]) -> html.Div:
    """Find an area by name, or a buurt by postcode."""
    return html.Div(className="search", children=[
        html.Div(className="control", children=[
            html.Label("Zoek een buurt, wijk of gebied", htmlFor=ids.MAP_SEARCH),
            dcc.Dropdown(id=ids.MAP_SEARCH, options=options, placeholder="Typ een naam …",
                         searchable=True),
        ]),
        html.Div(className="control postcode", role="search",
                 **{"aria-label": "Zoek op postcode"}, children=[
            html.Label("of op postcode", htmlFor=ids.MAP_POSTCODE),
            dcc.Input(id=ids.MAP_POSTCODE, type="text", placeholder="9712 AB",
                      autoComplete="postal-code", debounce=True, maxLength=7),
            html.Button("Zoek", id=ids.MAP_POSTCODE_BUTTON, type="button", n_clicks=0),
            html.Span(id=ids.MAP_POSTCODE_RESULT, role="status", className="muted"),
        ]),
    ])


def value_table(rows: list[dict], value_label: str) -> html.Table:
    """The map as a table (for keyboard and screen-reader users, and for checking)."""
    return html.Table(className="data-table", children=[
        html.Caption(value_label),
        html.Thead(html.Tr([html.Th("Gebied", scope="col"), html.Th("Aantal", scope="col"),
                            html.Th("Waarde", scope="col")])),
        html.Tbody([html.Tr([html.Th(dcc.Link(r["name"], href=f"/gebied/{r['code']}"),
                                     scope="row"),
                             html.Td(r["count"]), html.Td(r["value"])]) for r in rows]),
    ])


def map_section(figure: go.Figure, period_text: str, table: html.Table,
                figure_title: str) -> html.Section:
    """The map with its period in words and the table alternative."""
    return html.Section(className="map-section", children=[
        html.P(period_text, id=ids.MAP_PERIOD_TEXT, className="period", **{"aria-live":
                                                                              "polite"}),
        html.Div(role="region", **{"aria-label": figure_title}, children=dcc.Graph(
            id=ids.MAP_GRAPH, figure=figure, className="map-graph",
            config={"displaylogo": False, "scrollZoom": False,
                    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
                    "toImageButtonOptions": {"filename": "wijksignaal-kaart"}})),
        html.Details(className="as-table", children=[
            html.Summary("Toon als tabel"),
            html.Div(table, id=ids.MAP_TABLE),
        ]),
    ])
