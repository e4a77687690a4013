"""Signals against the share of low-income households, with the fitted expectation.

The chart behind "mogelijk onderbereikt": areas far below the line have fewer signals than
their structure predicts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.palette import DIVERGING, LINE_GEMEENTE


def structure_scatter(frame: pd.DataFrame, threshold: int) -> go.Figure:
    """Rate per 1,000 households (12 months) against % low income, per area.

    Parameters
    ----------
    frame
        Output of :func:`dashboard.data.about.structure_comparison`.
    threshold
        Disclosure threshold (suppressed areas are left out of the chart).

    Returns
    -------
    plotly.graph_objects.Figure
        Points (under-reached ones highlighted) and the expected rate line.
    """
    shown = frame[frame["signals"].notna()].copy()
    shown["rate"] = shown["signals"] / shown["households"] * 1000
    shown["label"] = [
        f"<b>{r.area_name}</b><br>{i18n.format_int(r.signals)} signalen in 12 maanden<br>"
        f"{i18n.format_decimal(r.rate)} per 1.000 huishoudens<br>"
        f"laag inkomen: {i18n.format_pct(r.low_income_pct)}<br>"
        f"verwacht: {i18n.format_int(r.expected)}"
        for r in shown.itertuples(index=False)
    ]
    fig = go.Figure()
    for flagged, colour, name in ((False, DIVERGING[1], "gebied"),
                                  (True, DIVERGING[3], "mogelijk onderbereikt")):
        part = shown[shown["is_under_reached"] == flagged]
        fig.add_trace(go.Scatter(
            x=part["low_income_pct"], y=part["rate"], mode="markers", name=name,
            marker={"color": colour, "size": 9, "line": {"color": "#333", "width": 0.5}},
            text=part["label"], hovertemplate="%{text}<extra></extra>"))
    if len(shown) and shown["slope_per_pct"].notna().any():
        x = np.linspace(shown["low_income_pct"].min(), shown["low_income_pct"].max(), 50)
        ratio = (shown["expected"] / shown["households"] * 1000) / np.exp(
            shown["slope_per_pct"] * shown["low_income_pct"])
        level = float(np.median(ratio))
        fig.add_trace(go.Scatter(x=x, y=level * np.exp(shown["slope_per_pct"].iloc[0] * x),
                                 mode="lines", name="verwacht", hoverinfo="skip",
                                 line={"color": LINE_GEMEENTE, "dash": "dash"}))
    fig.update_layout(
        xaxis_title="% huishoudens met laag inkomen (CBS)",
        yaxis_title="signalen per 1.000 huishoudens (12 mnd)",
        separators=",.", margin={"l": 60, "r": 20, "t": 10, "b": 50}, height=420,
        legend={"orientation": "h", "y": -0.2},
        font={"family": "system-ui, sans-serif", "size": 13},
    )
    return fig
