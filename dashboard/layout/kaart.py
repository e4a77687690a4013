"""The Kaart page: controls, map, legend, the 'toon als tabel' alternative and search."""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard import i18n, ids
from dashboard.indicators import INDICATORS, PARTNER_LABELS
from dashboard.palette import SUPPRESSED_GREY, TOO_FEW_GREY


def radio_group(label: str, component_id: str, options: dict, value: object) -> html.Fieldset:
    """Native radio buttons in a fieldset with a legend (keyboard and screen-reader safe)."""
    return html.Fieldset(className="control", children=[
        html.Legend(label),
        dbc.RadioItems(id=component_id, value=value, inline=True, className="radio",
                       options=[{"label": text, "value": key} for key, text in options.items()]),
    ])


def select(label: str, component_id: str, options: list[dict], value: object,
           wrapper_class: str = "control") -> html.Div:
    """A native <select> with a visible label."""
    return html.Div(className=wrapper_class, id=f"{component_id}-wrap", children=[
        html.Label(label, htmlFor=component_id),
        dbc.Select(id=component_id, options=options, value=value),
    ])


def month_picker(component_id: str, months: tuple[date, ...], month_index: int,
                 label: str = "Maand") -> html.Div:
    """A native range input over the months, with the chosen month in words beside it.

    Arrow keys step one month; the first and last month are written under the slider.
    """
    first = i18n.month_short(months[0]) if months else ""
    last = i18n.month_short(months[-1]) if months else ""
    return html.Div(className="control control-wide month-picker", children=[
        html.Label(label, htmlFor=component_id),
        dcc.Input(id=component_id, type="range", min=0, max=max(len(months) - 1, 0), step=1,
                  value=month_index, className="range"),
        html.Div(className="range-ends", **{"aria-hidden": "true"},
                 children=[html.Span(first), html.Span(last)]),
    ])


def controls(*, level: str, levels: dict, month_index: int, months: tuple[date, ...],
             window: int, indicator: str, partner: str, partners: tuple[str, ...],
             colour_mode: str) -> html.Div:
    """All map controls: native form elements with visible Dutch labels."""
    return html.Div(className="controls", children=[
        radio_group("Niveau", ids.MAP_LEVEL, levels, level),
        select("Indicator", ids.MAP_INDICATOR,
               [{"label": i.label, "value": i.key} for i in INDICATORS], indicator),
        select("Signaalpartner", ids.MAP_PARTNER,
               [{"label": PARTNER_LABELS.get(p, p), "value": p} for p in partners], partner,
               wrapper_class="control" if indicator == "partner" else "control hidden"),
        month_picker(ids.MAP_MONTH, months, month_index),
        radio_group("Periode", ids.MAP_WINDOW, i18n.WINDOWS, window),
        radio_group("Kleur", ids.MAP_COLOUR_MODE, i18n.COLOUR_MODES, colour_mode),
    ])


def legend_notes(threshold: int) -> html.Ul:
    """Explain the greys: suppressed counts and areas with too few households."""
    return html.Ul(className="legend-notes", id=ids.MAP_LEGEND, children=[
        html.Li([html.Span(className="swatch", style={"background": SUPPRESSED_GREY}),
                 f"{i18n.suppressed_text(threshold)} (privacy)"]),
        html.Li([html.Span(className="swatch", style={"background": TOO_FEW_GREY}),
                 f"{i18n.TOO_FEW_HOUSEHOLDS} of {i18n.NO_DATA}"]),
        html.Li([html.Span(className="swatch swatch-outline"),
                 "Groningen-Noord (NPLV)"]),
    ])


def search(options: list[dict]) -> html.Div:
    """Find an area by name (type-ahead over all areas), or a buurt by postcode."""
    return html.Div(className="search", children=[
        html.Div(className="control", role="search", **{"aria-label": "Zoek een gebied"},
                 children=[
            html.Label("Zoek een buurt, wijk of gebied", htmlFor=ids.MAP_SEARCH),
            dcc.Input(id=ids.MAP_SEARCH, type="search", list=ids.MAP_SEARCH + "-lijst",
                      placeholder="Typ een naam …", debounce=True, autoComplete="off"),
            html.Datalist(id=ids.MAP_SEARCH + "-lijst",
                          children=[html.Option(value=o["label"]) for o in options]),
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


def table_toggle_label(expanded: bool) -> str:
    """What the table button says: what pressing it will do."""
    return i18n.HIDE_TABLE if expanded else i18n.SHOW_TABLE


def map_section(figure: go.Figure, period_text: str, figure_title: str) -> html.Section:
    """The map with its period in words and the table alternative behind a button.

    The table is filled only when the button opens it (and then follows the map): at 3,393
    wijken it is many times the size of a colour update. A button with ``aria-expanded``
    rather than ``<details>``, because Dash cannot tell when a ``<details>`` is opened.
    """
    return html.Section(className="map-section", children=[
        html.P(period_text, id=ids.MAP_PERIOD_TEXT, className="period", **{"aria-live":
                                                                              "polite"}),
        html.Div(role="region", **{"aria-label": figure_title}, children=dcc.Graph(
            id=ids.MAP_GRAPH, figure=figure, className="map-graph",
            config={"displaylogo": False, "scrollZoom": False,
                    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
                    "toImageButtonOptions": {"filename": "wijksignaal-kaart"}})),
        html.Div(className="as-table", children=[
            html.Button(table_toggle_label(False), id=ids.MAP_TABLE_TOGGLE, type="button",
                        n_clicks=0, className="as-table-toggle",
                        **{"aria-expanded": "false", "aria-controls": ids.MAP_TABLE}),
            html.Div(id=ids.MAP_TABLE, hidden=True),
        ]),
    ])
