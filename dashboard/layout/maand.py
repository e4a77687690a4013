"""The Maandoverzicht page: controls, the review grid, delivery completeness, load report.

Pure builders from plain values (rows already in words); the grid's rows carry a number to
sort and filter on and, beside it, the text shown, so sorting is numeric while every number
on screen is formatted by :mod:`dashboard.i18n`.
"""

from __future__ import annotations

from datetime import date

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import i18n, ids
from dashboard.layout.kaart import month_picker, radio_group

GRID_HEIGHT = "620px"
# Quartz, a little denser and in the page's own font and colours (no web fonts loaded).
GRID_THEME = ("themeQuartz.withParams({fontFamily: 'inherit', fontSize: 14, spacing: 6, "
              "cellHorizontalPaddingScale: 0.7, headerFontWeight: 600, "
              "headerBackgroundColor: '#f4f5f7', foregroundColor: '#1a1a1a', "
              "accentColor: '#00427a'})")


def controls(*, level: str, months: tuple[date, ...], month_index: int) -> html.Div:
    """Level and month, the two things a review is about."""
    return html.Div(className="controls review-controls", children=[
        radio_group("Niveau", ids.REVIEW_LEVEL,
                    {key: i18n.LEVELS[key] for key in i18n.REVIEW_LEVELS}, level),
        month_picker(ids.REVIEW_MONTH, months, month_index),
    ])


def _shown(text_field: str) -> dict:
    """Sort and filter on the number; show the Dutch text the server wrote beside it.

    To keep a month change small the server leaves out the text where it is just the number
    (``12``) and leaves out a missing number with its '–' (see ``review_rows``).
    """
    missing = i18n.format_int(None)
    return {"valueFormatter": {"function": (
        f"params.data.{text_field} != null ? params.data.{text_field} : "
        f"(params.value == null ? '{missing}' : '' + params.value)")}}


def _number_column(field: str, header: str, text_field: str, **extra: object) -> dict:
    return {"field": field, "headerName": header, "type": "rightAligned",
            "filter": "agNumberColumnFilter", "cellClass": ["ag-right-aligned-cell", "num"],
            **_shown(text_field), **extra}


def grid_columns() -> list[dict]:
    """Column definitions of the review grid (keys match ``callbacks.maand.review_rows``)."""
    t = i18n.REVIEW_COLUMNS
    return [
        {"colId": "n", "headerName": t["name"], "cellRenderer": "markdown",
         "valueGetter": {"function": "'[' + params.data.n + '](/gebied/' + params.data.c + ')'"},
         "filter": "agTextColumnFilter",
         "filterValueGetter": {"function": "params.data.n"},
         "filterParams": {"filterOptions": ["contains", "notContains", "startsWith"]},
         "minWidth": 160, "flex": 2, "wrapText": True, "autoHeight": True},
        _number_column("s", t["signals"], "st", minWidth=118, flex=1),
        _number_column("h", t["households"], "ht", minWidth=130, flex=1),
        _number_column("r", t["rate"], "rt", minWidth=128, flex=1, wrapText=True,
                       autoHeight=True),
        {"headerName": t["vs_month"], "wrapHeaderText": True, "autoHeaderHeight": True,
         "children": [
            _number_column("dm", t["change"], "dmt", minWidth=90, flex=1),
            _number_column("dmp", t["change_pct"], "dmpt", minWidth=90, flex=1),
        ]},
        {"headerName": t["vs_year"], "wrapHeaderText": True, "autoHeaderHeight": True,
         "children": [
            _number_column("dy", t["change"], "dyt", minWidth=90, flex=1),
            _number_column("dyp", t["change_pct"], "dypt", minWidth=90, flex=1),
        ]},
        {"field": "sp", "headerName": t["trend"], "sortable": False, "filter": False,
         "cellClass": "sparkline", "minWidth": 135, "flex": 1},
        _number_column("e", t["expected"], "et", minWidth=130, flex=1),
        {"field": "f", "headerName": t["flag"], "filter": "agTextColumnFilter",
         "filterValueGetter": {"function": "params.data.ft"},
         "filterParams": {"filterOptions": ["contains", "notContains", "blank", "notBlank"]},
         "valueFormatter": {"function": "params.data.ft != null ? params.data.ft : ''"},
         "cellClass": "flag", "minWidth": 150, "flex": 2, "wrapText": True,
         "autoHeight": True},
    ]


def review_grid(rows: list[dict]) -> dag.AgGrid:
    """The sortable, filterable table of every area; its scripts are served by this app."""
    return dag.AgGrid(
        id=ids.REVIEW_GRID,
        rowData=rows,
        columnDefs=grid_columns(),
        defaultColDef={"sortable": True, "resizable": True, "floatingFilter": True,
                       "wrapHeaderText": True, "autoHeaderHeight": True,
                       "suppressHeaderMenuButton": True},
        getRowId="params.data.c",
        rowClassRules={"row-rise": "params.data.f === 2",
                       "row-delivery": "params.data.f === 1"},
        dashGridOptions={"theme": {"function": GRID_THEME},
                         "localeText": i18n.GRID_LOCALE, "ensureDomOrder": True,
                         "enableCellTextSelection": True, "animateRows": False,
                         "suppressColumnVirtualisation": True},
        className="review-grid",
        style={"height": GRID_HEIGHT, "width": "100%"},
    )


def export_controls(threshold: int) -> html.Div:
    """CSV (Dutch or international Excel) and XLSX downloads of the table."""
    return html.Div(className="export", role="group",
                    **{"aria-labelledby": f"{ids.REVIEW_EXPORT_DUTCH}-titel"}, children=[
        html.Span(i18n.REVIEW_EXPORT_TITLE, id=f"{ids.REVIEW_EXPORT_DUTCH}-titel",
                  className="export-title"),
        dbc.Checkbox(id=ids.REVIEW_EXPORT_DUTCH, label=i18n.REVIEW_EXPORT_DUTCH, value=True,
                     className="export-dutch"),
        html.Button(i18n.REVIEW_EXPORT_CSV, id=ids.REVIEW_EXPORT_CSV, type="button",
                    n_clicks=0),
        html.Button(i18n.REVIEW_EXPORT_XLSX, id=ids.REVIEW_EXPORT_XLSX, type="button",
                    n_clicks=0),
        html.P(i18n.REVIEW_EXPORT_NOTE.format(threshold=threshold), className="muted small"),
        dcc.Download(id=ids.REVIEW_DOWNLOAD),
    ])


def notes(*, threshold: int, min_households: int, structure_year: int | None,
          first_month: date, last_month: date) -> list:
    """How to read the table: method (with a link to the full text), suppression, trend."""
    return [
        html.P([i18n.REVIEW_METHOD, " ", dcc.Link(i18n.REVIEW_METHOD_LINK, href="/over"), "."],
               className="method"),
        html.P(i18n.REVIEW_NOTES.format(threshold=threshold, min_households=min_households,
                                        year=structure_year or "–"), className="muted"),
        html.P(i18n.REVIEW_TREND_NOTE.format(first=i18n.month_short(first_month),
                                             last=i18n.month_short(last_month)),
               className="muted"),
    ]


def review_section(*, title: str, summary: str, rows: list[dict], note_children: list,
                   threshold: int) -> html.Section:
    """The table with its title, one-line summary, export controls and reading notes."""
    return html.Section(className="review", **{"aria-labelledby": ids.REVIEW_PERIOD_TEXT},
                        children=[
        html.H2(title, id=ids.REVIEW_PERIOD_TEXT, **{"aria-live": "polite"}),
        html.P(summary, id=ids.REVIEW_SUMMARY, className="summary"),
        export_controls(threshold),
        html.Div(role="region", **{"aria-label": i18n.REVIEW_GRID_LABEL},
                 children=review_grid(rows)),
        html.Div(note_children, id=ids.REVIEW_NOTES, className="notes"),
    ])


def completeness_table(partners: list[str], rows: list[dict], caption: str) -> html.Table:
    """Months down, partner types across; a missing delivery is a marked gap.

    ``rows``: ``{"month": "nov 2025", "cells": [{"text": ..., "kind": ...}]}`` with ``kind``
    one of ok, low, missing, none.
    """
    return html.Table(className="data-table completeness", children=[
        html.Caption(caption),
        html.Thead(html.Tr([html.Th(i18n.COMPLETENESS_MONTH, scope="col")]
                           + [html.Th(p, scope="col") for p in partners])),
        html.Tbody([
            html.Tr([html.Th(row["month"], scope="row")]
                    + [html.Td(cell["text"], className=f"cell-{cell['kind']}")
                       for cell in row["cells"]])
            for row in rows
        ]),
    ])


def completeness_legend() -> html.Ul:
    """What the cell styles mean, in words (the words are in the cells too)."""
    legend = i18n.COMPLETENESS_LEGEND
    return html.Ul(className="legend-notes completeness-legend", children=[
        html.Li([html.Span(className=f"swatch cell-{kind}"), legend[kind]])
        for kind in ("ok", "low", "missing", "none")
    ])


def completeness_section(table: html.Table) -> html.Section:
    """Data completeness per partner type for the last 12 months."""
    return html.Section(className="completeness-section",
                        **{"aria-labelledby": "volledigheid-titel"}, children=[
        html.H2(i18n.COMPLETENESS_TITLE, id="volledigheid-titel"),
        html.P(i18n.COMPLETENESS_LEAD, className="muted"),
        html.Div(table, id=ids.REVIEW_COMPLETENESS, className="table-scroll", tabIndex=0,
                 role="region", **{"aria-label": i18n.COMPLETENESS_TITLE}),
        completeness_legend(),
    ])


def _two_column_table(caption: str, pairs: list[tuple[str, str]],
                      headers: tuple[str, str] | None = None) -> html.Table:
    head = [html.Thead(html.Tr([html.Th(h, scope="col") for h in headers]))] if headers else []
    return html.Table(className="data-table compact", children=[
        html.Caption(caption), *head,
        html.Tbody([html.Tr([html.Th(k, scope="row"), html.Td(v)]) for k, v in pairs]),
    ])


def load_report_section(summary: list[tuple[str, str]] | None,
                        reasons: list[tuple[str, str]],
                        files: list[list[str]]) -> html.Section:
    """The newest load run: a summary, quarantine per reason, and per file on request."""
    if summary is None:
        body = [html.P(i18n.LOAD_NONE)]
    else:
        reason_part = (_two_column_table(i18n.LOAD_REASONS_CAPTION, reasons,
                                         (i18n.LOAD_REASON, i18n.LOAD_ROWS))
                       if reasons else html.P(i18n.LOAD_NO_QUARANTINE))
        body = [
            html.Div(className="load-tables", children=[
                _two_column_table(i18n.LOAD_SUMMARY_CAPTION, summary), reason_part]),
            html.Details(className="as-table", children=[
                html.Summary(i18n.LOAD_FILES_SUMMARY.format(count=len(files))),
                html.P(i18n.LOAD_FILES_NOTE, className="muted small"),
                html.Div(className="table-scroll", tabIndex=0, role="region",
                         **{"aria-label": i18n.LOAD_FILES_CAPTION}, children=html.Table(
                    className="data-table compact", children=[
                        html.Caption(i18n.LOAD_FILES_CAPTION),
                        html.Thead(html.Tr([html.Th(h, scope="col")
                                            for h in i18n.LOAD_FILE_COLUMNS])),
                        html.Tbody([html.Tr([html.Th(row[0], scope="row")]
                                            + [html.Td(v) for v in row[1:]])
                                    for row in files]),
                    ])),
            ]),
        ]
    return html.Section(className="load-report", id=ids.REVIEW_LOAD_REPORT,
                        **{"aria-labelledby": "laadronde-titel"}, children=[
        html.H2(i18n.LOAD_TITLE, id="laadronde-titel"), *body])
