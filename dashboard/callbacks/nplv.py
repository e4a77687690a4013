"""Groningen-Noord: build the page's charts, words and tables, and redraw them per window.

The window is the page's only control and lives in the URL (``/nplv?venster=3``;
``&presentatie=1`` for presentation mode), so a coalition member can share exactly the view
shown in a meeting. The address is updated in place, without a reload.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

import pandas as pd
from dash import ClientsideFunction, Input, Output, callback, clientside_callback
from dash.exceptions import PreventUpdate

from dashboard import i18n, ids
from dashboard.data.meta import read_meta
from dashboard.data.nplv import (
    FOCUS_AREA,
    REST_AREA,
    GapData,
    gap_data,
    neighbourhood_data,
    structure_data,
)
from dashboard.data.published import published
from dashboard.data.rates import STATUS_OK, STATUS_SUPPRESSED
from dashboard.figures.structure import Panel, structure_chart
from dashboard.figures.trend import trend_chart, trend_with_gap_chart
from dashboard.layout import nplv as layout
from dashboard.palette import DIVERGING, LINE_FOCUS, LINE_GEMEENTE, LINE_REST

PATH = "/nplv"
DEFAULT_WINDOW = 3
SCREEN_FONT = 14
PRESENTATION_FONT = 20
GAP_COLOUR = DIVERGING[3]


@dataclass(frozen=True)
class NplvState:
    """What the page shows; round-trips through the URL query string."""

    window: int = DEFAULT_WINDOW
    presentation: bool = False

    @classmethod
    def from_query(cls, query: dict) -> NplvState:
        """Read a state from URL parameters, falling back to defaults for anything odd."""
        try:
            window = int(query.get("venster", DEFAULT_WINDOW))
        except (TypeError, ValueError):
            window = DEFAULT_WINDOW
        return cls(window=window if window in i18n.WINDOWS else DEFAULT_WINDOW,
                   presentation=str(query.get("presentatie", "")) in ("1", "ja", "true"))

    def to_query(self) -> str:
        """The state as ``?venster=3`` (plus ``&presentatie=1``) for a shareable URL."""
        params: dict[str, object] = {"venster": self.window}
        if self.presentation:
            params["presentatie"] = 1
        return "?" + urlencode(params)

    def href(self) -> str:
        """The page's address for this state."""
        return PATH + self.to_query()

    @property
    def font_size(self) -> int:
        """Chart text size: larger on a projector."""
        return PRESENTATION_FONT if self.presentation else SCREEN_FONT


def period_text(month: pd.Timestamp, window: int) -> str:
    """'oktober 2026' for one month, 'aug 2026 t/m okt 2026' for a window."""
    return i18n.period_words(pd.Timestamp(month).date(), window)


def rate_text(rate: object, status: str, threshold: int) -> str:
    """A rate in Dutch, or why there is none ('minder dan 5', never 0)."""
    if status == STATUS_SUPPRESSED:
        return i18n.suppressed_text(threshold)
    if status != STATUS_OK or i18n.is_missing(rate):
        return status if status != STATUS_OK else i18n.NO_DATA
    return i18n.format_decimal(rate)


def interval_text(lower: object, upper: object) -> str:
    """'8,0–10,3', or '–' without an interval."""
    if i18n.is_missing(lower) or i18n.is_missing(upper):
        return "–"
    return f"{i18n.format_decimal(lower)}–{i18n.format_decimal(upper)}"


def hover_texts(frame: pd.DataFrame, label: str, window: int, threshold: int) -> list[str]:
    """Dutch hover text per point: period, rate, interval and the count behind it."""
    texts = []
    for row in frame.itertuples(index=False):
        lines = [f"<b>{label}</b>",
                 i18n.NPLV_HOVER_RATE.format(period=period_text(row.month, window),
                                             rate=i18n.format_decimal(row.rate)),
                 i18n.NPLV_HOVER_INTERVAL.format(lower=i18n.format_decimal(row.lower),
                                                 upper=i18n.format_decimal(row.upper))]
        if "signals" in frame.columns:
            lines.append(i18n.NPLV_HOVER_COUNT.format(
                count=i18n.format_count(row.signals, threshold)))
        texts.append("<br>".join(lines))
    return texts


def _series_frame(frame: pd.DataFrame, labels: dict[str, str], window: int,
                  threshold: int) -> pd.DataFrame:
    """The long frame the trend figures take: series label, month, rate, bounds, hover."""
    parts = []
    for code, label in labels.items():
        part = frame[frame["area_code"] == code].sort_values("month")
        parts.append(pd.DataFrame({
            "series": label, "month": part["month"].to_numpy(),
            "rate": part["rate"].to_numpy(), "lower": part["lower"].to_numpy(),
            "upper": part["upper"].to_numpy(),
            "hover": hover_texts(part, label, window, threshold)}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["series", "month", "rate", "lower", "upper", "hover"])


def _latest_lines(data: GapData, window: int) -> list[str]:
    """The newest values in words, with their intervals and where the series began."""
    gap = data.difference.dropna(subset=["rate"])
    if gap.empty:
        return [i18n.NPLV_NO_LATEST]
    last = gap.iloc[-1]
    rows = data.series.set_index(["area_code", "month"])
    focus, rest = rows.loc[(FOCUS_AREA, last["month"])], rows.loc[(REST_AREA, last["month"])]
    period = period_text(last["month"], window)
    if window > 1:
        period = i18n.NPLV_PERIOD_AVERAGE.format(period=period)
    first = gap.iloc[0]
    return [
        i18n.NPLV_LATEST.format(period=period, focus=i18n.NPLV_FOCUS_SHORT,
                                focus_rate=i18n.format_decimal(focus["rate"]),
                                rest=i18n.NPLV_REST_SHORT,
                                rest_rate=i18n.format_decimal(rest["rate"]),
                                gap=i18n.format_decimal(last["rate"])),
        i18n.NPLV_LATEST_INTERVALS.format(
            focus=i18n.NPLV_FOCUS_SHORT, rest=i18n.NPLV_REST_SHORT,
            focus_interval=interval_text(focus["lower"], focus["upper"]),
            rest_interval=interval_text(rest["lower"], rest["upper"]),
            gap_interval=interval_text(last["lower"], last["upper"])),
        i18n.NPLV_FIRST.format(period=period_text(first["month"], window),
                               gap=i18n.format_decimal(first["rate"])),
    ]


def _signal_source(frame: pd.DataFrame, is_demo: bool) -> str:
    years = frame["structure_year"].dropna()
    year = str(int(years.max())) if len(years) else "–"
    return (i18n.NPLV_SIGNAL_SOURCE_DEMO if is_demo else i18n.NPLV_SIGNAL_SOURCE).format(
        year=year)


@dataclass
class GapRender:
    """What the gap section shows for one window."""

    figure: object
    text: list
    table: object
    source: str


def render_gap(window: int, font_size: int = SCREEN_FONT) -> GapRender:
    """The gap chart, the latest values in words and the table with the same numbers.

    Parameters
    ----------
    window
        Months averaged per point.
    font_size
        Chart text size.

    Returns
    -------
    GapRender
        Figure, text, table and source line.
    """
    meta = read_meta()
    data = gap_data(window)
    labels = {FOCUS_AREA: data.names.get(FOCUS_AREA, i18n.NPLV_FOCUS_SHORT),
              REST_AREA: data.names.get(REST_AREA, i18n.NPLV_REST_SHORT)}
    series = _series_frame(data.series, labels, window, meta.threshold)
    gap = data.difference.assign(series=i18n.NPLV_GAP_LABEL)
    gap["hover"] = hover_texts(gap, i18n.NPLV_GAP_LABEL, window, meta.threshold)
    x_range = (data.first_month, data.last_month) if data.first_month else None
    figure = trend_with_gap_chart(
        series, gap, colours={labels[FOCUS_AREA]: LINE_FOCUS, labels[REST_AREA]: LINE_REST},
        gap_colour=GAP_COLOUR, y_title=i18n.NPLV_Y_RATE, gap_title=i18n.NPLV_Y_GAP,
        unit=i18n.NPLV_RATE_UNIT, x_range=x_range, font_size=font_size)
    by_month = {code: data.series[data.series["area_code"] == code].set_index("month")
                for code in labels}
    rows = []
    for item in gap.sort_values("month", ascending=False).itertuples(index=False):
        cells = [period_text(item.month, window)]
        for code in labels:
            row = by_month[code].loc[item.month]
            cells += [rate_text(row["rate"], row["status"], meta.threshold),
                      interval_text(row["lower"], row["upper"]),
                      i18n.format_count(row["signals"], meta.threshold)]
        cells += [i18n.format_decimal(item.rate), interval_text(item.lower, item.upper)]
        rows.append(cells)
    headers = [h.format(focus=labels[FOCUS_AREA], rest=labels[REST_AREA])
               for h in i18n.NPLV_GAP_HEADERS]
    text = layout.gap_text(_latest_lines(data, window),
                           [i18n.NPLV_WINDOW_NOTES[window], i18n.NPLV_BAND_NOTE])
    return GapRender(figure, text, layout.table(i18n.NPLV_GAP_TABLE_CAPTION, headers, rows),
                     _signal_source(data.series, meta.is_demo))


@dataclass
class NeighbourhoodRender:
    """The neighbourhood panels and their shared table for one window."""

    panels: list
    table: object
    legend: object
    source: str


def render_neighbourhoods(window: int, font_size: int = SCREEN_FONT) -> NeighbourhoodRender:
    """One small chart per NPLV neighbourhood on a common scale, with the gemeente line.

    Parameters
    ----------
    window
        Months averaged per point.
    font_size
        Chart text size (the panels use a slightly smaller one).

    Returns
    -------
    NeighbourhoodRender
        Panels (in name order), the table with the same numbers, legend and source.
    """
    meta = read_meta()
    data = neighbourhood_data(window)
    gemeente_label = i18n.NPLV_GEMEENTE.format(name=data.gemeente_name)
    series = data.series
    top = pd.concat([series["upper"], series["rate"]]).astype("Float64").max()
    y_range = (0.0, float(top) * 1.05) if not i18n.is_missing(top) else None
    x_range = (data.first_month, data.last_month) if data.first_month else None
    reference = _series_frame(series, {data.gemeente_code: gemeente_label}, window,
                              meta.threshold)
    panels = []
    for area in data.areas.itertuples(index=False):
        mine = _series_frame(series, {area.area_code: area.area_name}, window, meta.threshold)
        figure = trend_chart(
            pd.concat([reference, mine], ignore_index=True),
            colours={area.area_name: LINE_FOCUS, gemeente_label: LINE_GEMEENTE},
            dashes={gemeente_label: "dash"}, y_title="", unit=i18n.NPLV_RATE_UNIT,
            x_range=x_range, y_range=y_range, title=area.area_name, show_legend=False,
            font_size=font_size - 2, line_width=2.5, max_ticks=4)
        panels.append((area.area_name, figure))
    codes = [*data.areas["area_code"], data.gemeente_code]
    names = [*data.areas["area_name"], gemeente_label]
    wide = series.set_index(["month", "area_code"])
    rows = []
    for month in sorted(series["month"].unique(), reverse=True):
        cells = [period_text(month, window)]
        for code in codes:
            if (month, code) not in wide.index:
                cells.append(i18n.NO_DATA)
                continue
            row = wide.loc[(month, code)]
            value = rate_text(row["rate"], row["status"], meta.threshold)
            cells.append(f"{value} ({i18n.format_count(row['signals'], meta.threshold)})"
                         if row["status"] == STATUS_OK else value)
        rows.append(cells)
    return NeighbourhoodRender(
        panels=layout.small_panels(panels),
        table=layout.table(i18n.NPLV_SMALL_TABLE_CAPTION, [i18n.NPLV_PERIOD, *names], rows),
        legend=layout.small_legend(LINE_FOCUS, LINE_GEMEENTE, gemeente_label),
        source=_signal_source(series, meta.is_demo))


def _share_text(value: object, count: object) -> str:
    if i18n.is_missing(value):
        return i18n.NO_DATA
    return f"{i18n.format_pct(value)} ({i18n.format_int(count)})"


def render_structure(font_size: int = SCREEN_FONT):
    """The yearly CBS figures since the baseline year, NPLV against the rest, with sources.

    Parameters
    ----------
    font_size
        Chart text size.

    Returns
    -------
    dash.html.Section
        The structure section (chart, latest values in words, table, sources).
    """
    data = structure_data()
    frame = data.frame.assign(series=data.frame["area_name"])
    panels = [Panel(*spec) for spec in i18n.NPLV_STRUCTURE_PANELS]
    colours = {data.names.get(FOCUS_AREA, ""): LINE_FOCUS,
               data.names.get(REST_AREA, ""): LINE_REST}
    figure = structure_chart(frame, panels, colours=colours, count_unit=i18n.NPLV_HOUSEHOLDS,
                             font_size=font_size)
    lines = []
    for code in (FOCUS_AREA, REST_AREA):
        mine = frame[(frame["area_code"] == code) & frame["households"].notna()]
        if mine.empty:
            continue
        last = mine.sort_values("year").iloc[-1]
        lines.append(i18n.NPLV_STRUCTURE_LATEST.format(
            year=int(last["year"]), name=last["area_name"],
            households=i18n.format_int(last["households"]),
            low=i18n.format_pct(last["low_income_pct"]),
            low_n=i18n.format_int(last["low_income_households"]),
            minimum=i18n.format_pct(last["social_minimum_pct"]),
            minimum_n=i18n.format_int(last["social_minimum_households"]),
            debt=i18n.format_pct(last["problematic_debt_pct"]),
            debt_n=i18n.format_int(last["problematic_debt_households"])))
    rows = [[str(int(r.year)), r.area_name, i18n.format_int(r.households),
             _share_text(r.low_income_pct, r.low_income_households),
             _share_text(r.social_minimum_pct, r.social_minimum_households),
             _share_text(r.problematic_debt_pct, r.problematic_debt_households)]
            for r in frame.sort_values(["year", "area_code"]).itertuples(index=False)]
    sources = [i18n.NPLV_SOURCE.format(sources="; ".join(data.sources))] if data.sources else []
    if data.is_demo:
        sources.append(i18n.NPLV_SYNTHETIC)
    title = i18n.NPLV_STRUCTURE_TITLE.format(year=data.baseline_year or "–")
    return layout.structure_section(
        title, figure, lines,
        layout.table(i18n.NPLV_STRUCTURE_CAPTION, i18n.NPLV_STRUCTURE_HEADERS, rows),
        sources, i18n.NPLV_SYNTHETIC if data.is_demo else None)


def render_sections(state: NplvState) -> list:
    """The page's three sections for ``state``: gap, neighbourhoods, yearly figures.

    Ten charts take about a third of a second to build and change only when the ETL
    publishes, so each worker keeps the last few renders per data version.
    """
    return _render_sections(published().version(), state)


@lru_cache(maxsize=8)
def _render_sections(_version: object, state: NplvState) -> list:
    gap = render_gap(state.window, state.font_size)
    hoods = render_neighbourhoods(state.window, state.font_size)
    return [
        layout.gap_section(gap.figure, gap.text, gap.table, gap.source),
        layout.small_multiples_section(hoods.panels, hoods.legend, hoods.table,
                                       i18n.NPLV_SMALL_NOTE, hoods.source),
        render_structure(state.font_size),
    ]


@callback(
    Output(ids.NPLV_GAP_GRAPH, "figure"),
    Output(ids.NPLV_GAP_TEXT, "children"),
    Output(ids.NPLV_GAP_TABLE, "children"),
    Output(ids.NPLV_SMALL_MULTIPLES_GRID, "children"),
    Output(ids.NPLV_SMALL_MULTIPLES_TABLE, "children"),
    Output(ids.NPLV_STATE, "data"),
    Output(ids.NPLV_PRESENT, "href"),
    Input(ids.NPLV_WINDOW, "value"),
    prevent_initial_call=True,
)
def on_window(window):
    """Redraw the time series for another window and put it in the URL."""
    if window is None:
        raise PreventUpdate
    state = NplvState.from_query({"venster": window})
    gap = render_gap(state.window)
    hoods = render_neighbourhoods(state.window)
    present = NplvState(window=state.window, presentation=True)
    return (gap.figure, gap.text, gap.table, hoods.panels, hoods.table, state.to_query(),
            present.href())


clientside_callback(
    ClientsideFunction(namespace="wijksignaal", function_name="replaceQuery"),
    Output(ids.NPLV_STATE, "id"),
    Input(ids.NPLV_STATE, "data"),
    prevent_initial_call=True,
)
