"""Kaart callbacks: recolour on month/indicator/window, redraw on level, open the table on
demand, navigate on click.

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
    html,
    no_update,
)
from dash.exceptions import PreventUpdate

from dashboard import i18n, ids
from dashboard.callbacks.query import month_from_query
from dashboard.data.areas import area_geometry, find_area, find_postcode, focus_outline
from dashboard.data.map_values import MapValues, map_values
from dashboard.data.meta import available_months, read_meta
from dashboard.figures.choropleth import build_map, colour_values, recolour
from dashboard.indicators import BY_KEY, DEFAULT, Indicator
from dashboard.layout.kaart import table_toggle_label, value_table

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
    table: object | None
    query: str
    drawn: dict  # level and boundary year of the geometry (for the next recolour)


@dataclass(frozen=True)
class MapView:
    """What the map and its table alternative share for one state."""

    month: date
    indicator: Indicator
    values: MapValues
    period: str
    threshold: int

    @property
    def pct(self) -> bool:
        return self.indicator.kind in ("pct", "reach")


def map_view(state: MapState) -> MapView:
    """The values of ``state`` and its period in words."""
    meta = read_meta()
    month = state.month or meta.last_month
    assert month is not None
    indicator = BY_KEY[state.indicator]
    values = map_values(state.level, month, state.window, state.indicator, state.partner)
    if indicator.kind == "pct":
        period = f"CBS-cijfers {values.structure_year}" if values.structure_year else "–"
    else:
        period = i18n.period_words(month, state.window)
        if values.per_month:
            period += " (gemiddeld per maand)"
    return MapView(month, indicator, values, period, meta.threshold)


def map_table(view: MapView) -> html.Table:
    """The map as a table, one row per area in name order."""
    rows = [
        {"code": r.area_code, "name": r.area_name,
         "count": (i18n.suppressed_text(view.threshold) if r.status == "onderdrukt"
                   else i18n.format_int(r.count)),
         "value": (r.status if r.status != "ok" else
                   i18n.format_pct(r.value) if view.pct else i18n.format_decimal(r.value))}
        for r in view.values.frame.sort_values("area_name").itertuples(index=False)
    ]
    return value_table(rows, f"{view.indicator.label} — {view.period}")


def render_map(state: MapState, *, full: bool, table: bool = False,
               drawn: dict | None = None) -> MapRender:
    """Everything the map shows for ``state``.

    Parameters
    ----------
    state
        Level, month, window, indicator, partner and colour mode.
    full
        True: a whole figure (geometry included, for a new level or the first render);
        False: a Patch with only the new colours.
    table
        Also build the table alternative (only while the user has it open: at national
        scale it outweighs the colour update many times).
    drawn
        Level and boundary year of the geometry the map holds now. A month in another
        boundary year has other areas (or the same codes in other shapes), so a Patch of
        colours would land on the wrong ones: the figure is then redrawn whole.

    Returns
    -------
    MapRender
        Figure (or Patch), the period in words, the table (or None) and the URL query.
    """
    view = map_view(state)
    values, indicator = view.values, view.indicator
    geometry = area_geometry(state.level, view.month.year)
    now_drawn = {"level": state.level, "year": geometry.year}
    full = full or (drawn is not None and drawn != now_drawn)
    unit = indicator.unit + (" per maand" if values.per_month else "")
    colouring = colour_values(values.frame, geometry.codes, mode=state.colour_mode,
                              unit=unit, pct=view.pct,
                              gemeente_value=values.gemeente_value, threshold=view.threshold)
    period_text = f"{indicator.label} — {view.period}"
    if values.gemeente_value is not None:
        shown = i18n.format_pct(values.gemeente_value) if view.pct \
            else i18n.format_decimal(values.gemeente_value)
        period_text += f" (gemeente: {shown})"
    if full:
        title = f"Kaart: {indicator.label}, {view.period}"
        figure = build_map(geometry.feature_collection, geometry.codes, colouring,
                           focus_outline(view.month.year), title)
    else:
        figure = recolour(colouring)
    return MapRender(figure, period_text, map_table(view) if table else None,
                     state.to_query(), now_drawn)


def state_from_controls(level: str, month_index: int | None, window: int | str,
                        indicator: str, partner: str, colour_mode: str) -> MapState:
    """The map state the controls show; PreventUpdate when there are no months yet."""
    months = available_months()
    if not months:
        raise PreventUpdate
    month = months[min(int(month_index or 0), len(months) - 1)]
    return MapState(level=level, month=month, window=int(window), indicator=indicator,
                    partner=partner, colour_mode=colour_mode)


CONTROLS = (ids.MAP_LEVEL, ids.MAP_MONTH, ids.MAP_WINDOW, ids.MAP_INDICATOR, ids.MAP_PARTNER,
            ids.MAP_COLOUR_MODE)


@callback(
    Output(ids.MAP_GRAPH, "figure"),
    Output(ids.MAP_PERIOD_TEXT, "children"),
    Output(ids.MAP_TABLE, "children"),
    Output(ids.MAP_STATE, "data"),
    Output(f"{ids.MAP_PARTNER}-wrap", "className"),
    Output(ids.MAP_DRAWN, "data"),
    *[Input(control, "value") for control in CONTROLS],
    State(ids.MAP_TABLE, "hidden"),
    State(ids.MAP_DRAWN, "data"),
    prevent_initial_call=True,
)
def on_map_controls(level, month_index, window, indicator, partner, colour_mode,
                    table_hidden, drawn):
    """Recolour (Patch) unless the geometry changes (another level, or a month in another
    boundary year); the table follows only while it is open."""
    state = state_from_controls(level, month_index, window, indicator, partner, colour_mode)
    render = render_map(state, full=ctx.triggered_id == ids.MAP_LEVEL,
                        table=not table_hidden, drawn=drawn)
    wrap = "control" if indicator == "partner" else "control hidden"
    table = no_update if render.table is None else render.table
    return render.figure, render.period_text, table, render.query, wrap, render.drawn


@callback(
    Output(ids.MAP_TABLE, "children", allow_duplicate=True),
    Output(ids.MAP_TABLE, "hidden"),
    Output(ids.MAP_TABLE_TOGGLE, "aria-expanded"),
    Output(ids.MAP_TABLE_TOGGLE, "children"),
    Input(ids.MAP_TABLE_TOGGLE, "n_clicks"),
    State(ids.MAP_TABLE, "hidden"),
    *[State(control, "value") for control in CONTROLS],
    prevent_initial_call=True,
)
def on_table_toggle(_clicks, hidden, level, month_index, window, indicator, partner,
                    colour_mode):
    """Open the table (built for the map as it is now) or close and empty it."""
    if not hidden:
        return None, True, "false", table_toggle_label(False)
    state = state_from_controls(level, month_index, window, indicator, partner, colour_mode)
    return map_table(map_view(state)), False, "true", table_toggle_label(True)


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

