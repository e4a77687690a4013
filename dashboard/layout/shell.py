"""The frame around every page: header with navigation, demo banner, footer with sources."""

from __future__ import annotations

from dash import dcc, html

from dashboard import i18n, ids


def header(current_path: str = "/") -> html.Header:
    """Title and navigation; the current page is marked for screen readers."""
    links = [
        html.Li(dcc.Link(
            [label, html.Span(" (huidige pagina)", className="visually-hidden")]
            if path == current_path else label,
            href=path, className="nav-link current" if path == current_path else "nav-link",
        ))
        for path, label in i18n.NAV
    ]
    return html.Header(
        className="site-header",
        children=[
            html.Div(className="brand", children=[
                html.Span(i18n.APP_TITLE, className="brand-title"),
                html.Span(i18n.APP_SUBTITLE, className="brand-subtitle"),
            ]),
            html.Nav(html.Ul(links, className="nav-list"), **{"aria-label": "Hoofdmenu"}),
        ],
    )


def demo_banner(is_demo: bool) -> html.Div:
    """A visible, unmissable label when the published data is synthetic."""
    return html.Div(
        i18n.DEMO_BANNER if is_demo else "",
        id=ids.DEMO_BANNER,
        className="demo-banner" if is_demo else "demo-banner hidden",
        role="note",
    )


def footer(published_at: str = "", last_month_text: str = "") -> html.Footer:
    """Sources and freshness on every page."""
    return html.Footer(
        className="site-footer",
        children=[
            html.P(["Grenzen: CBS/PDOK (Wijk- en buurtkaart, gegeneraliseerd). ",
                    "Bron: CBS, verveelvoudiging toegestaan met bronvermelding."]),
            html.P(f"Gegevens tot en met {last_month_text}; gepubliceerd {published_at}."
                   if last_month_text else ""),
        ],
    )


def page(title: str, *children, is_demo: bool = False, path: str = "/",
         published_at: str = "", last_month_text: str = "") -> html.Div:
    """A full page: shell plus the page's own content under an h1."""
    return html.Div(
        className="page",
        children=[
            html.A("Naar de inhoud", href="#inhoud", className="skip-link"),
            header(path),
            demo_banner(is_demo),
            html.Main(id="inhoud", className="content", children=[html.H1(title), *children]),
            footer(published_at, last_month_text),
        ],
    )


def data_error(detail: str = "") -> html.Div:
    """What a user sees when the published file is missing or broken: Dutch, no trace."""
    return html.Div(
        className="page",
        children=[
            header(),
            html.Main(id="inhoud", className="content", children=[
                html.H1(i18n.DATA_ERROR_TITLE),
                html.P(i18n.DATA_ERROR_TEXT, id=ids.DATA_ERROR, role="alert"),
                html.P(detail, className="muted") if detail else None,
            ]),
        ],
    )
