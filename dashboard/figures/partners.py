"""Signals per partner type over time, as stacked bars (absolute numbers)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.indicators import PARTNER_LABELS
from dashboard.palette import PARTNER_COLOURS


def partner_bars(frame: pd.DataFrame, threshold: int) -> go.Figure:
    """Stacked monthly bars per partner type; suppressed cells are left out, not zero.

    Parameters
    ----------
    frame
        ``month``, ``partner_type``, ``signals`` (NULL where suppressed).
    threshold
        Disclosure threshold, named in the hover text of months with hidden counts.

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per partner type, biggest partner at the bottom.
    """
    order = (frame.groupby("partner_type")["signals"].sum().sort_values(ascending=False).index)
    traces = []
    for partner in order:
        part = frame[frame["partner_type"] == partner].sort_values("month")
        text = [i18n.format_count(v, threshold) for v in part["signals"]]
        label = PARTNER_LABELS.get(partner, partner)
        traces.append({
            "type": "bar", "x": list(part["month"]),
            "y": part["signals"].astype("Float64").fillna(0).astype(float).tolist(),
            "name": label, "marker": {"color": PARTNER_COLOURS.get(partner, "#999999")},
            "customdata": [[i18n.month_name(m.date()), t]
                           for m, t in zip(part["month"], text, strict=True)],
            "hovertemplate": "%{customdata[0]}<br>" + label + ": %{customdata[1]}<extra></extra>",
        })
    layout = {
        "barmode": "stack", "height": 340, "separators": ",.",
        "margin": {"l": 50, "r": 10, "t": 10, "b": 40},
        "legend": {"orientation": "h", "y": -0.2}, "yaxis": {"title": {"text": "signalen"}},
        "font": {"family": "system-ui, sans-serif", "size": 13},
        "xaxis": {"tickformat": "%b %Y"},
    }
    # A plain specification, wrapped without plotly's per-property validation (see trend.py).
    return go.Figure({"data": traces, "layout": layout}, _validate=False)
