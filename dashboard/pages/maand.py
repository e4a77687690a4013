"""Maandoverzicht (``/maand``): the monthly signal review of every area of one level."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import i18n, ids
from dashboard.callbacks.maand import (
    ReviewState,
    completeness_table,
    load_report_rows,
    render_review,
)
from dashboard.data.meta import available_months, read_meta
from dashboard.data.published import DataUnavailable
from dashboard.data.review import latest_load_report
from dashboard.layout import maand, shell
from dashboard.pages.shell_meta import shell_kwargs


def layout(**query: str) -> html.Div:
    """The review for the level and month in the URL query."""
    try:
        meta = read_meta()
        months = available_months()
        if not months:
            raise DataUnavailable("geen maanden met signalen gepubliceerd")
        state = ReviewState.from_query(query, months)
        render = render_review(state)
        completeness = completeness_table(state.month, meta.threshold)
        summary, reasons, files = load_report_rows(latest_load_report())
    except DataUnavailable as exc:
        return shell.data_error(str(exc))
    return shell.page(
        i18n.REVIEW_TITLE,
        html.P(i18n.REVIEW_LEAD, className="lead"),
        maand.controls(level=state.level, months=months,
                       month_index=months.index(state.month)),
        maand.review_section(title=render.title, summary=render.summary, rows=render.rows,
                             note_children=render.notes, threshold=meta.threshold),
        maand.completeness_section(completeness),
        maand.load_report_section(summary, reasons, files),
        dcc.Store(id=ids.REVIEW_STATE),
        **shell_kwargs(meta, "/maand"),
    )


dash.register_page(__name__, path="/maand", title="Maandoverzicht — Wijksignaal",
                   name="Maandoverzicht", layout=layout)
