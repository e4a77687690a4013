"""The area page ('Mijn wijk'): title, headline cards and the sections below them."""

from __future__ import annotations

from dash import dcc, html

from dashboard import i18n


def title_block(name: str, level_text: str, crumbs: list[tuple[str, str]],
                memberships: list[tuple[str, str]], change_note: str | None) -> html.Div:
    """Name, level, the areas it lies in (links) and a boundary-change warning."""
    return html.Div(className="area-title", children=[
        html.Nav(html.Ol([html.Li(dcc.Link(text, href=href)) for href, text in crumbs],
                         className="breadcrumbs"), **{"aria-label": "Kruimelpad"}),
        html.P(level_text, className="muted"),
        html.P(["Hoort bij: ", *[item for code, label in memberships
                                 for item in (dcc.Link(label, href=f"/gebied/{code}"), " ")]])
        if memberships else None,
        html.P(change_note, className="warning", role="note") if change_note else None,
    ])


def period_nav(links: list[tuple[str, str, bool]], label: str) -> html.Nav:
    """A row of links that change the month or window (the URL is the state)."""
    return html.Nav(className="period-nav", **{"aria-label": label}, children=[
        html.Span(label + ": ", className="period-nav-label"),
        *[dcc.Link(text, href=href, className="chip current" if current else "chip")
          for href, text, current in links],
    ])


def card(title: str, value: str, lines: list[str], emphasis: str = "") -> html.Div:
    """One headline number with its comparisons underneath."""
    return html.Div(className=f"card {emphasis}".strip(), children=[
        html.H2(title, className="card-title"),
        html.P(value, className="card-value"),
        html.Ul([html.Li(line) for line in lines], className="card-lines"),
    ])


def cards(items: list[html.Div]) -> html.Section:
    """The headline cards in a responsive row."""
    return html.Section(items, className="cards", **{"aria-label": "Kerncijfers"})


def chart_section(title: str, graph: dcc.Graph | None, table: html.Table, note: str = "",
                  section_id: str | None = None) -> html.Section:
    """A chart with its 'toon als tabel' alternative (and an optional note)."""
    extra = {"id": section_id} if section_id else {}
    return html.Section(className="chart-section", **extra, children=[
        html.H2(title),
        html.P(note, className="muted") if note else None,
        html.Div(graph, role="region", **{"aria-label": title}) if graph is not None else None,
        html.Details(className="as-table", children=[html.Summary("Toon als tabel"), table]),
    ])


def table(caption: str, headers: list[str], rows: list[list]) -> html.Table:
    """A plain accessible table; the first cell of each row is its header."""
    return html.Table(className="data-table", children=[
        html.Caption(caption),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in headers])),
        html.Tbody([html.Tr([html.Th(r[0], scope="row"), *[html.Td(c) for c in r[1:]]])
                    for r in rows]),
    ])


def not_found(code: str) -> html.Div:
    """What an unknown area code shows."""
    return html.Div([
        html.P(f"Er is geen gebied met code {code}."),
        dcc.Link("Terug naar de kaart", href="/"),
    ])


def graph(figure, name: str) -> dcc.Graph:
    """A chart with the house's Plotly config."""
    return dcc.Graph(figure=figure, config={"displaylogo": False,
                                            "toImageButtonOptions": {"filename": name}})


def change_text(now: float | None, before: float | None, label: str, threshold: int) -> str:
    """'+12 (+8 %) t.o.v. vorige maand' or a reason there is no comparison."""
    if now is None or before is None:
        return f"{label}: niet te vergelijken (minder dan {threshold} of geen gegevens)"
    diff = now - before
    pct = "" if not before else f" ({i18n.format_change(100 * diff / before, 0, ' %')})"
    return f"{label}: {i18n.format_change(diff)}{pct}"
