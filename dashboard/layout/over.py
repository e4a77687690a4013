"""The 'Over de data' page: definitions, sources, disclosure, freshness and methods."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import dcc, html

from dashboard import i18n
from dashboard.indicators import INDICATORS


def definitions() -> html.Section:
    """Every indicator with its definition."""
    return html.Section([
        html.H2("Indicatoren"),
        html.Dl(className="definitions", children=[
            item for i in INDICATORS
            for item in (html.Dt(i.label), html.Dd(i.definition))
        ]),
    ])


def sources(rows: list[dict], deliveries: dict, is_demo: bool) -> html.Section:
    """Where the numbers come from, with their years; demo or real."""
    kind = i18n.ABOUT_DEMO if is_demo else i18n.ABOUT_REAL
    return html.Section([
        html.H2("Bronnen"),
        html.P(kind, className="demo-note" if is_demo else ""),
        html.Table(className="data-table", children=[
            html.Caption("Grenzen en kengetallen"),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in
                                ("Gegevens", "Niveau", "Jaren", "Bron")])),
            html.Tbody([html.Tr([html.Td(r["kind"]), html.Td(r["detail"]),
                                 html.Td(r["years"]), html.Td(r["source"])]) for r in rows]),
        ]),
        html.P(deliveries.get("text", "")),
        html.P(i18n.ABOUT_SIGNAL_SOURCE),
    ])


def disclosure(threshold: int, min_households: int) -> html.Section:
    """The disclosure rules, in words."""
    return html.Section([
        html.H2("Bescherming van privacy"),
        html.P(i18n.ABOUT_DISCLOSURE.format(threshold=threshold,
                                            min_households=i18n.format_int(min_households))),
        html.P(i18n.ABOUT_PRIVACY),
    ])


def freshness(published_at: str, last_loaded_at: str, period: str) -> html.Section:
    """How recent the data is."""
    return html.Section([
        html.H2("Actualiteit"),
        html.Ul([
            html.Li(f"Periode met signalen: {period}."),
            html.Li(f"Laatst geladen: {last_loaded_at}."),
            html.Li(f"Gepubliceerd: {published_at}."),
        ]),
    ])


def methods(figure: go.Figure, rows: list[dict], level_text: str, slope_text: str
            ) -> html.Section:
    """How rises and 'possibly under-reached' are determined, with the structure chart."""
    return html.Section([
        html.H2("Methoden"),
        html.H3("Ongebruikelijke stijging"),
        html.P(i18n.ABOUT_RISE_METHOD),
        html.H3("Betrouwbaarheidsintervallen"),
        html.P(i18n.ABOUT_INTERVALS),
        html.H3("Verwachting op basis van inkomen (mogelijk onderbereikt)"),
        html.P(i18n.ABOUT_STRUCTURE_METHOD),
        html.P(slope_text),
        html.Div(role="region", **{"aria-label": f"Signalen tegen laag inkomen, {level_text}"},
                 children=dcc.Graph(figure=figure, config={"displaylogo": False})),
        html.Details(className="as-table", children=[
            html.Summary("Toon als tabel"),
            html.Table(className="data-table", children=[
                html.Caption(f"Signalen in 12 maanden en verwachting, {level_text}"),
                html.Thead(html.Tr([html.Th(h, scope="col") for h in
                                    ("Gebied", "Signalen", "Huishoudens", "Laag inkomen",
                                     "Verwacht", "Verhouding", "Mogelijk onderbereikt")])),
                html.Tbody([html.Tr([html.Th(r["name"], scope="row"), html.Td(r["signals"]),
                                     html.Td(r["households"]), html.Td(r["low_income"]),
                                     html.Td(r["expected"]), html.Td(r["ratio"]),
                                     html.Td(r["flag"])]) for r in rows]),
            ]),
        ]),
        html.P(i18n.ABOUT_STRUCTURE_LIMITS),
    ])


def code_check(rows: list[dict]) -> html.Section:
    """Codes that have no boundary in their year: listed, never silently dropped."""
    body = (html.P("Alle codes bestaan in de grenzen van hun jaar.") if not rows else
            html.Table(className="data-table", children=[
                html.Caption("Codes zonder grens in hun jaar (wel meegeteld)"),
                html.Thead(html.Tr([html.Th(h, scope="col") for h in
                                    ("Code", "Jaar", "Bron", "Toelichting")])),
                html.Tbody([html.Tr([html.Td(r["code"]), html.Td(r["year"]),
                                     html.Td(r["source"]), html.Td(r["issue"])])
                            for r in rows]),
            ]))
    return html.Section([html.H2("Controle van gebiedscodes"), body])
