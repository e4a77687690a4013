"""The Groningen-Noord page: the gap chart, the neighbourhood panels, the yearly figures.

Built for meetings: every section is one screen in presentation mode and one A4 page in
print, and carries its own source line so a slide or a page never loses it. Every chart has
a 'toon als tabel' alternative with the same numbers.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import i18n, ids
from dashboard.layout.kaart import radio_group

PAGE_CLASS = "nplv-page"
PRESENTATION_CLASS = "nplv-presentation"


def graph(figure, name: str, class_name: str, graph_id: str | None = None) -> dcc.Graph:
    """A chart that takes its size from the page's CSS (screen, presentation and print)."""
    extra = {"id": graph_id} if graph_id else {}
    return dcc.Graph(figure=figure, responsive=True, className=f"nplv-graph {class_name}",
                     config={"displaylogo": False, "responsive": True,
                             "modeBarButtonsToRemove": ["select2d", "lasso2d"],
                             "toImageButtonOptions": {"filename": name}}, **extra)


def chart_region(label: str, chart: dcc.Graph, class_name: str = "") -> html.Div:
    """A named region around a chart (dcc.Graph itself takes no aria attributes)."""
    return html.Div(chart, role="region", className=f"chart-region print-fit {class_name}"
                    .strip(), **{"aria-label": label})


def table(caption: str, headers: list[str] | tuple[str, ...], rows: list[list]) -> html.Table:
    """A plain accessible table; the first cell of each row is its header."""
    return html.Table(className="data-table", children=[
        html.Caption(caption),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in headers])),
        html.Tbody([html.Tr([html.Th(r[0], scope="row"), *[html.Td(c) for c in r[1:]]])
                    for r in rows]),
    ])


def as_table(content, content_id: str | None = None) -> html.Details:
    """The 'toon als tabel' alternative of a chart."""
    extra = {"id": content_id} if content_id else {}
    return html.Details(className="as-table", children=[
        html.Summary(i18n.NPLV_SHOW_TABLE), html.Div(content, **extra)])


def toolbar(window: int, present_href: str) -> html.Div:
    """The window choice and the way into presentation mode; hidden when presenting/printing."""
    return html.Div(className="controls nplv-toolbar", children=[
        radio_group(i18n.NPLV_WINDOW_LABEL, ids.NPLV_WINDOW, i18n.WINDOWS, window),
        html.Div(className="control", children=[
            dcc.Link(i18n.NPLV_PRESENT_LINK, href=present_href, id=ids.NPLV_PRESENT,
                     className="button nplv-present-link"),
            html.P(i18n.NPLV_PRINT_HINT, className="muted nplv-print-hint"),
        ]),
    ])


def exit_presentation(href: str) -> html.Div:
    """The always-visible way back from presentation mode."""
    return html.Div(className="nplv-exit", children=dcc.Link(
        i18n.NPLV_PRESENT_EXIT, href=href, id=ids.NPLV_PRESENT_EXIT, className="button"))


def gap_text(lines: list[str], notes: list[str]) -> list:
    """The latest values in words (large) and how to read the chart (small)."""
    return [*[html.P(line, className="nplv-latest" if index == 0 else "nplv-latest-detail")
              for index, line in enumerate(lines)],
            *[html.P(note, className="muted") for note in notes]]


def gap_section(figure, text: list, gap_table: html.Table, source: str) -> html.Section:
    """The gap between Groningen-Noord and the rest over time, with the latest in words."""
    return html.Section(id=ids.NPLV_GAP, className="nplv-section", children=[
        html.H2(i18n.NPLV_GAP_TITLE),
        html.Div(className="nplv-gap-layout", children=[
            chart_region(i18n.NPLV_GAP_FIGURE,
                         graph(figure, "wijksignaal-nplv-kloof", "nplv-gap-graph",
                               ids.NPLV_GAP_GRAPH), "nplv-gap-chart"),
            html.Div(text, id=ids.NPLV_GAP_TEXT, className="nplv-gap-text",
                     **{"aria-live": "polite"}),
        ]),
        as_table(gap_table, ids.NPLV_GAP_TABLE),
        html.P(source, className="nplv-source"),
    ])


def small_panels(panels: list[tuple[str, object]]) -> list[html.Div]:
    """One small chart per neighbourhood: (name, figure) in reading order."""
    return [chart_region(i18n.NPLV_SMALL_FIGURE.format(name=name),
                         graph(figure, f"wijksignaal-nplv-{name.lower().replace(' ', '-')}",
                               "nplv-small-graph"), "nplv-small-chart")
            for name, figure in panels]


def small_legend(wijk_colour: str, gemeente_colour: str, gemeente_label: str) -> html.Ul:
    """One legend for all panels, so each panel can stay small."""
    return html.Ul(className="legend-notes nplv-small-legend", children=[
        html.Li([html.Span(className="line-key", style={"borderColor": wijk_colour}),
                 i18n.NPLV_SMALL_LEGEND_WIJK]),
        html.Li([html.Span(className="line-key line-key-dashed",
                           style={"borderColor": gemeente_colour}), gemeente_label]),
    ])


def small_multiples_section(panels: list[html.Div], legend: html.Ul, panel_table: html.Table,
                            note: str, source: str) -> html.Section:
    """The neighbourhoods side by side on one scale, with the gemeente as reference."""
    return html.Section(id=ids.NPLV_SMALL_MULTIPLES, className="nplv-section", children=[
        html.H2(i18n.NPLV_SMALL_TITLE),
        html.P(note, className="muted"),
        legend,
        html.Div(panels, id=ids.NPLV_SMALL_MULTIPLES_GRID, className="nplv-small-grid"),
        as_table(panel_table, ids.NPLV_SMALL_MULTIPLES_TABLE),
        html.P(source, className="nplv-source"),
    ])


def structure_section(title: str, figure, lines: list[str], structure_table: html.Table,
                      sources: list[str], warning: str | None) -> html.Section:
    """Households, low income, social minimum and debts per year, with their sources."""
    return html.Section(id=ids.NPLV_STRUCTURE, className="nplv-section", children=[
        html.H2(title),
        html.P(i18n.NPLV_STRUCTURE_NOTE, className="muted"),
        html.P(warning, className="warning", role="note") if warning else None,
        chart_region(i18n.NPLV_STRUCTURE_FIGURE,
                     graph(figure, "wijksignaal-nplv-structuur", "nplv-structure-graph",
                           ids.NPLV_STRUCTURE_GRAPH), "nplv-structure-chart"),
        html.Div([html.P(line, className="nplv-latest-detail") for line in lines],
                 className="nplv-structure-text"),
        as_table(structure_table),
        *[html.P(source, className="nplv-source") for source in sources],
    ])


def wrap_page(page: html.Div, presentation: bool) -> html.Div:
    """The page inside a class that switches on presentation mode's stylesheet."""
    return html.Div(page, className=f"{PAGE_CLASS} {PRESENTATION_CLASS}" if presentation
                    else PAGE_CLASS)
