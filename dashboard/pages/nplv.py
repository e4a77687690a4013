"""Groningen-Noord (``/nplv``): the NPLV gap over time, per neighbourhood, and per year.

``?venster=1|3|12`` picks the months averaged per point; ``?presentatie=1`` turns the page
into one large chart per screen for the coalition's meetings.
"""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import i18n, ids
from dashboard.callbacks.nplv import NplvState, render_sections
from dashboard.data.meta import read_meta
from dashboard.data.published import DataUnavailable
from dashboard.layout import nplv, shell
from dashboard.pages.shell_meta import shell_kwargs


def layout(**query: str) -> html.Div:
    """The page for the window (and presentation mode) in the URL query."""
    try:
        meta = read_meta()
        state = NplvState.from_query(query)
        sections = render_sections(state)
    except DataUnavailable as exc:
        return shell.data_error(str(exc))
    present = NplvState(window=state.window, presentation=True)
    normal = NplvState(window=state.window)
    page = shell.page(
        i18n.NPLV_TITLE,
        nplv.exit_presentation(normal.href()) if state.presentation else None,
        html.P(i18n.NPLV_LEAD, className="lead"),
        nplv.toolbar(state.window, present.href()),
        *sections,
        dcc.Store(id=ids.NPLV_STATE),
        **shell_kwargs(meta, "/nplv"),
    )
    return nplv.wrap_page(page, state.presentation)


dash.register_page(__name__, path="/nplv", title="Groningen-Noord — Wijksignaal",
                   name="Groningen-Noord", layout=layout)
