"""Kaart callbacks: recolour on month/indicator/window, redraw on level, navigate on click.

The map's state lives in the URL (``?niveau=buurt&maand=2024-03&venster=3&indicator=...``),
so every view can be bookmarked; the browser's address is updated in place (no reload).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    no_update,
)
from dash.exceptions import PreventUpdate

from dashboard import i18n, ids
from dashboard.callbacks.query import month_from_query
from dashboard.data.areas import area_geometry, find_area, find_postcode, focus_outline
from dashboard.data.map_values import map_values
from dashboard.data.meta import available_months, read_meta
from dashboard.figures.choropleth import build_map, colour_values, recolour
from dashboard.indicators import BY_KEY, DEFAULT
from dashboard.layout.kaart import value_table

LEVELS = ("buurt", "wijk", "nplv_wijken", "nplv")


@dataclass(frozen=True)
class MapState:
    """What the map shows; round-trips through the URL query string."""

    level: str = "buurt"
    month: date | None = None
    window: int = 1
    indicator: str = DEFAULT
    partner: str = "Zorg"
    colour_mode: str = "waarde"

    @classmethod
    def from_query(cls, query: dict, months: tuple[date, ...]) -> MapState:
        """Read a state from URL parameters, falling back to defaults for anything odd."""
        month = month_from_query(query, months)
        try:
            window = int(query.get("venster", 1))
        except (TypeError, ValueError):
            window = 1
        return cls(
            level=query.get("niveau") if query.get("niveau") in LEVELS else "buurt",
            month=month,
            window=window if window in i18n.WINDOWS else 1,
            indicator=query.get("indicator") if query.get("indicator") in BY_KEY else DEFAULT,
            partner=str(query.get("partner") or "Zorg"),
            colour_mode=query.get("kleur") if query.get("kleur") in i18n.COLOUR_MODES
            else "waarde",
        )

    def to_query(self) -> str:
        """The state as ``?niveau=...`` for a shareable URL."""
        params = {"niveau": self.level, "maand": f"{self.month:%Y-%m}" if self.month else "",
                  "venster": self.window, "indicator": self.indicator,
                  "kleur": self.colour_mode}
        if self.indicator == "partner":
            params["partner"] = self.partner
        return "?" + urlencode(params)


@dataclass
class MapRender:
    """What the map callbacks return: figure or Patch, period text, table, URL query."""

    figure: object
    period_text: str
    table: object
    query: str


def render_map(state: MapState, *, full: bool) -> MapRender:
    """Everything the map shows for ``state``.

    Parameters
    ----------
    state
        Level, month, window, indicator, partner and colour mode.
    full
        True: a whole figure (geometry included, for a new level or the first render);
        False: a Patch with only the new colours.

    Returns
    -------
    MapRender
        Figure (or Patch), the period in words, the table alternative and the URL query.
    """
    meta = read_meta()
    month = state.month or meta.last_month
    assert month is not None
    indicator = BY_KEY[state.indicator]
    values = map_values(state.level, month, state.window, state.indicator, state.partner)
    geometry = area_geometry(state.level, month.year)
    pct = indicator.kind in ("pct", "reach")
    unit = indicator.unit + (" per maand" if values.per_month else "")
    colouring = colour_values(values.frame, geometry.codes, mode=state.colour_mode,
                              unit=unit, pct=pct,
                              gemeente_value=values.gemeente_value, threshold=meta.threshold)
    if indicator.kind == "pct":
        period = f"CBS-cijfers {values.structure_year}" if values.structure_year else "–"
    else:
        period = i18n.period_words(month, state.window)
        if values.per_month:
            period += " (gemiddeld per maand)"
    period_text = f"{indicator.label} — {period}"
    if values.gemeente_value is not None:
        shown = i18n.format_pct(values.gemeente_value) if pct \
            else i18n.format_decimal(values.gemeente_value)
        period_text += f" (gemeente: {shown})"
    if full:
        title = f"Kaart: {indicator.label}, {period}"
        figure = build_map(geometry.feature_collection, geometry.codes, colouring,
                           focus_outline(month.year), title)
    else:
        figure = recolour(colouring)
    rows = [
        {"code": r.area_code, "name": r.area_name,
         "count": (i18n.suppressed_text(meta.threshold) if r.status == "onderdrukt"
                   else i18n.format_int(r.count)),
         "value": (r.status if r.status != "ok" else
                   i18n.format_pct(r.value) if pct else i18n.format_decimal(r.value))}
        for r in values.frame.sort_values("area_name").itertuples(index=False)
    ]
    return MapRender(figure, period_text, value_table(rows, f"{indicator.label} — {period}"),
                     state.to_query())


@callback(
    Output(ids.MAP_GRAPH, "figure"),
    Output(ids.MAP_PERIOD_TEXT, "children"),
    Output(ids.MAP_TABLE, "children"),
    Output(ids.MAP_STATE, "data"),
    Output(f"{ids.MAP_PARTNER}-wrap", "className"),
    Input(ids.MAP_LEVEL, "value"),
    Input(ids.MAP_MONTH, "value"),
    Input(ids.MAP_WINDOW, "value"),
    Input(ids.MAP_INDICATOR, "value"),
    Input(ids.MAP_PARTNER, "value"),
    Input(ids.MAP_COLOUR_MODE, "value"),
    prevent_initial_call=True,
)
def on_map_controls(level, month_index, window, indicator, partner, colour_mode):
    """Recolour (Patch) unless the level changed, which needs new geometry."""
    months = available_months()
    if not months:
        raise PreventUpdate
    month = months[min(int(month_index or 0), len(months) - 1)]
    state = MapState(level=level, month=month, window=int(window), indicator=indicator,
                     partner=partner, colour_mode=colour_mode)
    render = render_map(state, full=ctx.triggered_id == ids.MAP_LEVEL)
    wrap = "control" if indicator == "partner" else "control hidden"
    return render.figure, render.period_text, render.table, render.query, wrap


clientside_callback(
    ClientsideFunction(namespace="wijksignaal", function_name="replaceQuery"),
    Output(ids.MAP_STATE, "id"),
    Input(ids.MAP_STATE, "data"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.URL, "pathname", allow_duplicate=True),
    Output(ids.MAP_POSTCODE_RESULT, "children"),
    Input(ids.MAP_GRAPH, "clickData"),
    Input(ids.MAP_SEARCH, "value"),
    Input(ids.MAP_POSTCODE_BUTTON, "n_clicks"),
    Input(ids.MAP_POSTCODE, "n_submit"),
    State(ids.MAP_POSTCODE, "value"),
    prevent_initial_call=True,
)
def on_map_navigate(click, search_value, _clicks, _submit, postcode):
    """Open an area's page from a map click, the name search or a postcode."""
    target, message = navigation_target(ctx.triggered_id, click, search_value, postcode)
    return (f"/gebied/{target}" if target else no_update), message


def navigation_target(trigger: str | None, click: dict | None, search_value: str | None,
                      postcode: str | None) -> tuple[str | None, str]:
    """Which area to open, and a message for the postcode search."""
    if trigger == ids.MAP_GRAPH and click and click.get("points"):
        location = click["points"][0].get("location")
        return (str(location) if location else None), ""
    if trigger == ids.MAP_SEARCH and search_value:
        found = find_area(search_value)
        return (found, "") if found else (None, "Geen gebied met die naam gevonden.")
    if trigger in (ids.MAP_POSTCODE_BUTTON, ids.MAP_POSTCODE) and postcode:
        found = find_postcode(postcode)
        if found is None:
            return None, "Postcode niet gevonden in de gemeente."
        return found[0], f"{postcode.upper()} ligt in {found[1]}."
    return None, ""

