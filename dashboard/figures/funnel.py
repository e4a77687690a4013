"""The vroegsignalering funnel: signals -> cases -> contacted -> reached -> result."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import i18n
from dashboard.palette import DIVERGING, SEQUENTIAL

FUNNEL_STAGES = (("signals", "signalen"), ("cases", "zaken"), ("contacted", "contact gezocht"),
                 ("reached", "inwoner bereikt"))
RESULTS = (("result_hulp", "hulp of advies"), ("result_zelf_opgelost", "zelf opgelost"),
           ("result_geen_hulp_nodig", "geen hulp nodig"), ("result_al_in_beeld", "al in beeld"),
           ("result_geen_contact", "geen contact"), ("result_niet_opgepakt", "niet opgepakt"),
           ("result_lopend", "nog lopend"))


def funnel_chart(values: dict, threshold: int) -> go.Figure:
    """Horizontal funnel of the stages, each with its count and share of the signals.

    Parameters
    ----------
    values
        Counts per stage (``signals``, ``cases``, ``contacted``, ``reached``); None where
        suppressed.
    threshold
        Disclosure threshold for the "minder dan" text.

    Returns
    -------
    plotly.graph_objects.Figure
        A funnel figure with absolute numbers and percentages in the labels.
    """
    signals = values.get("signals")
    labels, counts, texts = [], [], []
    for key, label in FUNNEL_STAGES:
        count = values.get(key)
        labels.append(label)
        counts.append(0 if i18n.is_missing(count) else float(count))
        share = ("" if i18n.is_missing(count) or i18n.is_missing(signals) or not signals
                 else f" ({i18n.format_pct(100 * float(count) / float(signals), 0)})")
        texts.append(i18n.format_count(count, threshold) + share)
    fig = go.Figure(go.Funnel(
        y=labels, x=counts, text=texts, textinfo="text", hoverinfo="skip",
        marker={"color": [SEQUENTIAL[7], SEQUENTIAL[6], SEQUENTIAL[5], DIVERGING[0]]},
    ))
    fig.update_layout(height=280, margin={"l": 130, "r": 20, "t": 10, "b": 10},
                      font={"family": "system-ui, sans-serif", "size": 14})
    return fig
