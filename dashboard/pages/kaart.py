"""Kaart (``/``): the choropleth of Groningen's buurten or wijken."""

from __future__ import annotations

from dataclasses import replace

import dash
from dash import dcc, html

from dashboard import i18n, ids
from dashboard.callbacks.kaart import LEVELS, MapState, render_map
from dashboard.data.areas import search_labels
from dashboard.data.meta import available_months, partner_types, read_meta
from dashboard.data.published import DataUnavailable
from dashboard.layout import kaart, shell
from dashboard.pages.shell_meta import shell_kwargs


def layout(**query: str) -> html.Div:
    """The map page for the state in the URL query."""
    try:
        meta = read_meta()
        months = available_months()
        state = MapState.from_query(query, months)
        if "niveau" not in query and meta.gemeente_code == "*":
            # Several gemeenten: 14,574 buurten are 20 MB of geometry; wijken are not.
            state = replace(state, level="wijk")
        render = render_map(state, full=True)
        labels = search_labels()
        partners = partner_types()
    except DataUnavailable as exc:
        return shell.data_error(str(exc))
    options = [{"label": label, "value": code} for label, code in labels.items()]
    month_index = months.index(state.month) if state.month in months else len(months) - 1
    return shell.page(
        "Vroegsignalen op de kaart",
        html.P("Kies een niveau, indicator en maand. Klik op een gebied voor de details.",
               className="lead"),
        kaart.controls(level=state.level, levels={k: i18n.LEVELS[k] for k in LEVELS},
                       month_index=month_index, months=months, window=state.window,
                       indicator=state.indicator, partner=state.partner, partners=partners,
                       colour_mode=state.colour_mode),
        kaart.map_section(render.figure, render.period_text,
                          figure_title="Kaart van de gemeente Groningen"),
        kaart.legend_notes(meta.threshold),
        kaart.search(options),
        dcc.Store(id=ids.MAP_STATE),
        dcc.Store(id=ids.MAP_DRAWN, data=render.drawn),
        **shell_kwargs(meta, "/"),
    )


dash.register_page(__name__, path="/", title="Kaart — Wijksignaal", name="Kaart", layout=layout)
