"""Rates over time as lines with their 95 % bands, so a trend is read with its uncertainty.

Input is a long frame (one row per series and month) with ``series`` (the label shown),
``month``, ``rate``, ``lower`` and ``upper``; optional ``hover`` holds preformatted Dutch
hover text per point. Missing rates (suppressed counts, too few households) break the line
instead of dropping to 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import i18n

BAND_OPACITY = 0.18
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def _rgba(colour: str, opacity: float) -> str:
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{opacity})"


def _numbers(values: pd.Series) -> list[float | None]:
    return [None if i18n.is_missing(v) else float(v) for v in values]


def default_hover(frame: pd.DataFrame, unit: str) -> list[str]:
    """Dutch hover text when the caller brings none: name, month, rate and its interval."""
    texts = []
    for row in frame.itertuples(index=False):
        period = i18n.month_name(pd.Timestamp(row.month).date())
        if i18n.is_missing(row.rate):
            texts.append(f"<b>{row.series}</b><br>{period}: {i18n.NO_DATA}")
            continue
        texts.append(f"<b>{row.series}</b><br>{period}: {i18n.format_decimal(row.rate)} {unit}"
                     f"<br>95 %-interval {i18n.format_decimal(row.lower)}–"
                     f"{i18n.format_decimal(row.upper)}")
    return texts


def _series_traces(frame: pd.DataFrame, *, colours: Mapping[str, str],
                   dashes: Mapping[str, str], bands: bool, unit: str, show_legend: bool,
                   line_width: float = 3) -> list[dict]:
    """Per series: its band (upper edge, then lower edge filled up to it) and its line."""
    traces: list[dict] = []
    for label in dict.fromkeys(frame["series"]):
        part = frame[frame["series"] == label].sort_values("month")
        colour = colours.get(label, "#4d4d4d")
        months = list(part["month"])
        if bands and part["upper"].notna().any():
            traces.append({
                "type": "scatter", "x": months, "y": _numbers(part["upper"]), "mode": "lines",
                "line": {"width": 0}, "hoverinfo": "skip", "showlegend": False,
                "legendgroup": str(label), "name": f"{label} (bovengrens)"})
            traces.append({
                "type": "scatter", "x": months, "y": _numbers(part["lower"]), "mode": "lines",
                "line": {"width": 0}, "fill": "tonexty",
                "fillcolor": _rgba(colour, BAND_OPACITY), "hoverinfo": "skip",
                "showlegend": False, "legendgroup": str(label),
                "name": f"{label} (95 %-band)"})
        hover = list(part["hover"]) if "hover" in part else default_hover(part, unit)
        traces.append({
            "type": "scatter", "x": months, "y": _numbers(part["rate"]), "mode": "lines",
            "name": str(label), "legendgroup": str(label), "showlegend": show_legend,
            "connectgaps": False,
            "line": {"color": colour, "width": line_width, "dash": dashes.get(label, "solid")},
            "text": hover, "hovertemplate": "%{text}<extra></extra>"})
    return traces


def _wrap(label: str, width: int = 15) -> list[str]:
    """Split a series name over lines of about ``width`` characters (narrow end labels)."""
    lines: list[str] = []
    for word in str(label).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _end_labels(frame: pd.DataFrame, colours: Mapping[str, str],
                font_size: int) -> list[dict]:
    """Name and last value at the right end of each line, so no legend lookup is needed."""
    labels = []
    for label in dict.fromkeys(frame["series"]):
        part = frame[(frame["series"] == label) & frame["rate"].notna()].sort_values("month")
        if part.empty:
            continue
        last = part.iloc[-1]
        labels.append({
            "x": last["month"], "y": float(last["rate"]), "xanchor": "left",
            "yanchor": "middle", "xshift": 8, "showarrow": False, "align": "left",
            "text": "<br>".join(f"<b>{line}</b>" for line in _wrap(label))
            + f"<br>{i18n.format_decimal(last['rate'])}",
            "font": {"color": colours.get(label, "#4d4d4d"), "size": font_size}})
    return labels


def month_ticks(first: date, last: date, max_ticks: int = 8) -> tuple[list, list[str]]:
    """Dutch month ticks ('jan<br>2025', 'apr', ...): Plotly only knows English month names.

    Parameters
    ----------
    first, last
        The months at the ends of the axis.
    max_ticks
        At most this many ticks; the step grows from 1 to 3, 6 and 12 months.

    Returns
    -------
    tuple
        Tick positions (Timestamps) and their labels.
    """
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next((s for s in (1, 3, 6, 12) if -(-span // s) <= max_ticks), 12)
    months = [m for m in pd.date_range(first, last, freq="MS") if (m.month - 1) % step == 0]
    labels = [f"{i18n.MONTHS_SHORT[m.month - 1]}<br>{m.year}" if m.month == 1 or i == 0
              else i18n.MONTHS_SHORT[m.month - 1] for i, m in enumerate(months)]
    return months, labels


def _time_axis(frame: pd.DataFrame, x_range: tuple[date, date] | None,
               max_ticks: int) -> dict:
    """Dutch month ticks and a range with half a month of room at both ends."""
    if x_range:
        first, last = x_range
    elif len(frame):
        first, last = frame["month"].min(), frame["month"].max()
    else:
        return {}
    ticks, labels = month_ticks(first, last, max_ticks)
    return {"tickvals": ticks, "ticktext": labels,
            "range": [pd.Timestamp(first) - pd.Timedelta(days=15),
                      pd.Timestamp(last) + pd.Timedelta(days=15)]}


def _label_margin(frames: list[pd.DataFrame], font_size: int) -> int:
    """Room at the right for the end labels: the longest name in the chart's font."""
    longest = max((len(line) for f in frames for label in f["series"].unique()
                   for line in _wrap(label)), default=8)
    return int(longest * font_size * 0.62) + 24


X_AXIS = {"ticks": "outside", "showgrid": False}
Y_AXIS = {"gridcolor": "#e5e5e5", "zeroline": False}


def _base_layout(*, font_size: int, right_margin: int, show_legend: bool) -> dict:
    return {
        "separators": ",.", "hovermode": "closest", "showlegend": show_legend,
        "font": {"family": FONT, "size": font_size, "color": "#1a1a1a"},
        "margin": {"l": 60, "r": right_margin, "t": 30, "b": 40},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
    }


def trend_chart(frame: pd.DataFrame, *, colours: Mapping[str, str], y_title: str, unit: str,
                dashes: Mapping[str, str] | None = None, bands: bool = True,
                x_range: tuple[date, date] | None = None,
                y_range: tuple[float, float] | None = None, title: str = "",
                show_legend: bool = True, end_labels: bool = False,
                font_size: int = 14, line_width: float = 3, max_ticks: int = 8
                ) -> go.Figure:
    """Lines per series over the months, each with its 95 % band.

    Parameters
    ----------
    frame
        ``series``, ``month``, ``rate``, ``lower``, ``upper`` and optionally ``hover``.
    colours, dashes
        Per series label: line colour and dash style (``solid``, ``dash``, ``dot``).
    y_title, unit
        Axis title and the unit written in the default hover text.
    bands
        Draw the 95 % bands.
    x_range, y_range
        Fixed axes, e.g. the same y scale across small multiples.
    title
        A short title in the chart (small multiples); empty for none.
    show_legend, end_labels
        A legend, or the name and last value written at the end of each line.
    font_size, line_width
        Larger for presentation mode.
    max_ticks
        At most this many month ticks (fewer for small multiples).

    Returns
    -------
    plotly.graph_objects.Figure
        Without a fixed size: the page's CSS decides width and height.
    """
    # Built as a plain specification and wrapped without re-validation: plotly's property
    # validation made one area page's charts cost most of its 100+ ms.
    layout = _base_layout(font_size=font_size,
                          right_margin=_label_margin([frame], font_size) if end_labels else 20,
                          show_legend=show_legend)
    if title:
        layout["title"] = {"text": title, "x": 0.01, "xanchor": "left", "y": 0.97,
                           "font": {"size": font_size + 2}}
        layout["margin"] = {**layout["margin"], "t": 36 + font_size}
    if end_labels:
        layout["annotations"] = _end_labels(frame, colours, font_size)
    layout["xaxis"] = {**X_AXIS, **_time_axis(frame, x_range, max_ticks)}
    layout["yaxis"] = {**Y_AXIS, "title": {"text": y_title}, "rangemode": "tozero",
                       **({"range": list(y_range)} if y_range else {})}
    traces = _series_traces(frame, colours=colours, dashes=dashes or {}, bands=bands,
                            unit=unit, show_legend=show_legend, line_width=line_width)
    return go.Figure({"data": traces, "layout": layout}, _validate=False)


def trend_with_gap_chart(frame: pd.DataFrame, gap: pd.DataFrame, *,
                         colours: Mapping[str, str], gap_colour: str, y_title: str,
                         gap_title: str, unit: str, x_range: tuple[date, date] | None = None,
                         font_size: int = 14) -> go.Figure:
    """Two lines with their bands on top and, below on the same time axis, their difference.

    Parameters
    ----------
    frame
        Long frame of the two series, as for :func:`trend_chart`.
    gap
        ``series`` (its label), ``month``, ``rate`` (the difference), ``lower``, ``upper``
        and optionally ``hover``.
    colours, gap_colour
        Line colours of the two series and of the difference.
    y_title, gap_title
        Titles of the upper and the lower panel (written above each, not rotated).
    unit
        Unit in the default hover text.
    x_range
        First and last month shown, e.g. from the first month with data.
    font_size
        Larger for presentation mode.

    Returns
    -------
    plotly.graph_objects.Figure
        Two rows sharing the x axis; a zero line marks "no gap".
    """
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.64, 0.36],
                        vertical_spacing=0.1, subplot_titles=(y_title, gap_title))
    fig.update_annotations(x=0, xanchor="left", font={"size": font_size})
    gap_label = str(gap["series"].iloc[0]) if len(gap) else ""
    for row, part, part_colours in ((1, frame, colours), (2, gap, {gap_label: gap_colour})):
        traces = _series_traces(part, colours=part_colours, dashes={}, bands=True, unit=unit,
                                show_legend=False)
        fig.add_traces(traces, rows=row, cols=1)
        for label in _end_labels(part, part_colours, font_size):
            fig.add_annotation(label, row=row, col=1)
    fig.add_hline(y=0, line={"color": "#4d4d4d", "width": 1}, row=2, col=1)
    fig.update_layout(_base_layout(font_size=font_size,
                                   right_margin=_label_margin([frame, gap], font_size),
                                   show_legend=False))
    fig.update_xaxes(X_AXIS)
    fig.update_yaxes({**Y_AXIS, "rangemode": "tozero"})
    fig.update_layout(margin={"l": 50, "t": 36 + font_size})
    fig.update_xaxes(_time_axis(frame, x_range, max_ticks=10))
    fig.update_xaxes(showticklabels=False, row=1, col=1)
    return fig
