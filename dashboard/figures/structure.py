"""Yearly structural figures (households, low income, debts) as small line panels per year.

These change slowly and come once a year; one panel per indicator with a line per area shows
at a glance whether a gap in income or debts narrows since the baseline year. Hover text
gives the share together with the number of households behind it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import i18n
from dashboard.figures.trend import FONT


@dataclass(frozen=True)
class Panel:
    """One indicator: its column, the absolute-number column behind it, and its title."""

    column: str
    count_column: str | None
    title: str
    is_pct: bool


def _hover(label: str, year: int, value: object, count: object, panel: Panel,
           count_unit: str) -> str:
    if i18n.is_missing(value):
        return f"<b>{label}</b><br>{year}: {i18n.NO_DATA}"
    if not panel.is_pct:
        return f"<b>{label}</b><br>{year}: {i18n.format_int(value)} {count_unit}"
    return (f"<b>{label}</b><br>{year}: {i18n.format_pct(value)} "
            f"({i18n.format_int(count)} {count_unit})")


def _last_label(values: list[float | None], counts: pd.Series, panel: Panel) -> list[str]:
    """The newest value written at the line's end, with its number of households."""
    labels = [""] * len(values)
    shown = [i for i, v in enumerate(values) if v is not None]
    if shown:
        last = shown[-1]
        count = i18n.format_int(counts.iloc[last])
        labels[last] = (f"{i18n.format_pct(values[last])} ({count})" if panel.is_pct
                        else i18n.format_int(values[last]))
    return labels


def structure_chart(frame: pd.DataFrame, panels: Sequence[Panel], *,
                    colours: Mapping[str, str], count_unit: str, columns: int = 2,
                    font_size: int = 14) -> go.Figure:
    """One small panel per indicator, a line per area over the years.

    Parameters
    ----------
    frame
        One row per area and year: ``series`` (label), ``year`` and the panels' columns.
        The newest value of each line is written at its end, with its count.
    panels
        The indicators in reading order.
    colours
        Line colour per series label.
    count_unit
        What the absolute numbers count ('huishoudens'), in the hover text.
    columns
        Panels per row.
    font_size
        Larger for presentation mode.

    Returns
    -------
    plotly.graph_objects.Figure
        Panels with y axes from 0 (shares are not exaggerated) and room above for
        the end labels; a legend above.
    """
    rows = -(-len(panels) // columns)
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[p.title for p in panels],
                        horizontal_spacing=0.12, vertical_spacing=0.2)
    labels = list(dict.fromkeys(frame["series"]))
    for index, panel in enumerate(panels):
        row, col = index // columns + 1, index % columns + 1
        highest = frame[panel.column].astype("Float64").max()
        newest = (frame.dropna(subset=[panel.column]).sort_values("year")
                  .groupby("series")[panel.column].last())
        top = newest.astype(float).idxmax() if len(newest) else None
        for label in labels:
            part = frame[frame["series"] == label].sort_values("year")
            counts = part[panel.count_column] if panel.count_column else part[panel.column]
            values = [None if i18n.is_missing(v) else float(v) for v in part[panel.column]]
            hover = [_hover(label, int(y), v, c, panel, count_unit)
                     for y, v, c in zip(part["year"], part[panel.column], counts, strict=True)]
            fig.add_trace(go.Scatter(
                x=list(part["year"]), y=values, mode="lines+markers+text", name=str(label),
                legendgroup=str(label), showlegend=index == 0, connectgaps=False,
                line={"color": colours.get(label, "#4d4d4d"), "width": 3},
                marker={"size": 7}, customdata=hover,
                text=_last_label(values, counts, panel), cliponaxis=False,
                textposition="top left" if label == top else "bottom left",
                textfont={"color": colours.get(label, "#4d4d4d"), "size": font_size - 1},
                hovertemplate="%{customdata}<extra></extra>"), row=row, col=col)
        headroom = [0, float(highest) * 1.25] if not i18n.is_missing(highest) else None
        fig.update_yaxes(range=headroom, ticksuffix=" %" if panel.is_pct else "",
                         tickformat=",.0f" if panel.is_pct else ",d",
                         gridcolor="#e5e5e5", row=row, col=col)
    fig.update_xaxes(dtick=1, tickformat="d", showgrid=False, ticks="outside")
    fig.update_annotations(font={"size": font_size + 1})
    fig.update_layout(
        separators=",.", hovermode="closest",
        font={"family": FONT, "size": font_size, "color": "#1a1a1a"},
        margin={"l": 60, "r": 20, "t": 70, "b": 40},
        legend={"orientation": "h", "y": 1.08, "yanchor": "bottom", "x": 0},
        plot_bgcolor="#ffffff", paper_bgcolor="#ffffff",
    )
    return fig
