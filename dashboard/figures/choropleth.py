"""The map: geometry sent once, recoloured with a Patch when month or indicator change.

Trace 0 paints areas that may not be coloured (suppressed counts, too few households) in
grey; trace 1 paints the values on top; trace 2 outlines NPLV Groningen-Noord. A Patch
touches only z, hover data and the colour bar, so a month change costs a few kilobytes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Patch

from dashboard import i18n
from dashboard.palette import (
    AREA_LINE,
    DIVERGING,
    OUTLINE,
    SEQUENTIAL,
    SUPPRESSED_GREY,
    TOO_FEW_GREY,
)

GREY_TRACE, VALUE_TRACE, OUTLINE_TRACE = 0, 1, 2
STATUS_GREY_LEVEL = {"onderdrukt": 0.0, "te weinig huishoudens": 1.0, "geen gegevens": 1.0}


@dataclass(frozen=True)
class Colouring:
    """Everything that changes when the map is recoloured."""

    grey_z: list
    grey_text: list
    value_z: list
    value_text: list
    colorscale: list
    zmin: float
    zmax: float
    colorbar: dict


def _value_text(row: pd.Series, unit: str, threshold: int, pct: bool) -> str:
    if row["status"] == "onderdrukt":
        return f"<b>{row['area_name']}</b><br>{i18n.suppressed_text(threshold)}"
    if row["status"] != "ok":
        return f"<b>{row['area_name']}</b><br>{row['status']}"
    count = i18n.format_int(row["count"])
    value = i18n.format_pct(row["value"]) if pct else i18n.format_decimal(row["value"])
    return f"<b>{row['area_name']}</b><br>aantal: {count}<br>{value} {'' if pct else unit}"


def stepped_colorscale(colours: list[str]) -> list[list]:
    """A colorscale of equal bands, one flat colour each (for classes, not gradients)."""
    n = len(colours)
    scale: list[list] = []
    for k, colour in enumerate(colours):
        scale += [[k / n, colour], [(k + 1) / n, colour]]
    return scale


def deviation_classes(values: pd.Series, reference: float | None) -> pd.Series:
    """0..3: far below, below, above, far above the gemeente value (1 SD between areas)."""
    if reference is None:
        return pd.Series(np.nan, index=values.index)
    diff = values.astype(float) - reference
    sd = float(np.nanstd(values.astype(float))) or 1.0
    classes = np.select([diff < -sd, diff < 0, diff <= sd], [0, 1, 2], 3).astype(float)
    classes[np.isnan(diff.to_numpy())] = np.nan
    return pd.Series(classes, index=values.index)


def colour_values(
    values: pd.DataFrame,
    codes: tuple[str, ...],
    *,
    mode: str,
    unit: str,
    pct: bool,
    gemeente_value: float | None,
    threshold: int,
) -> Colouring:
    """Compute z, hover text and colour bar for the areas in ``codes`` (geometry order).

    Parameters
    ----------
    values
        ``area_code``, ``area_name``, ``value``, ``count``, ``status`` per area.
    codes
        Area codes in the order of the figure's locations.
    mode
        ``waarde`` (sequential) or ``afwijking`` (four classes around the gemeente value).
    unit
        Unit shown in the colour bar.
    pct
        Whether values are percentages.
    gemeente_value
        The gemeente's value for the same indicator and period.
    threshold
        Disclosure threshold (for "minder dan 5").

    Returns
    -------
    Colouring
        Lists aligned with ``codes``.
    """
    frame = values.set_index("area_code").reindex(list(codes))
    frame["area_name"] = frame["area_name"].fillna(pd.Series(codes, index=list(codes)))
    frame["status"] = frame["status"].fillna("geen gegevens")
    text = [_value_text(row, unit, threshold, pct) for _, row in frame.iterrows()]
    reference = ("gemeente: " + (i18n.format_pct(gemeente_value) if pct
                                 else i18n.format_decimal(gemeente_value))
                 if gemeente_value is not None else "")
    text = [f"{t}<br>{reference}" if reference else t for t in text]
    ok = frame["status"] == "ok"
    grey = [None if is_ok else STATUS_GREY_LEVEL.get(status, 1.0)
            for is_ok, status in zip(ok, frame["status"], strict=True)]
    if mode == "afwijking":
        z = deviation_classes(frame["value"], gemeente_value)
        scale = stepped_colorscale(DIVERGING)
        colorbar = {"title": {"text": "t.o.v. gemeente"},
                    "tickvals": [0.375, 1.125, 1.875, 2.625],
                    "ticktext": list(i18n.DEVIATION_CLASSES), "len": 0.6}
        zmin, zmax = 0.0, 3.0
    else:
        z = frame["value"].astype(float)
        finite = z[np.isfinite(z)]
        zmin = float(finite.min()) if len(finite) else 0.0
        zmax = float(finite.max()) if len(finite) else 1.0
        if math.isclose(zmin, zmax):
            zmax = zmin + 1.0
        scale = [[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)]
        colorbar = {"title": {"text": unit}, "len": 0.6}
    value_z = [None if not np.isfinite(v) else float(v) for v in z.astype(float)]
    return Colouring(
        grey_z=grey,
        grey_text=text,
        value_z=value_z,
        value_text=text,
        colorscale=scale,
        zmin=zmin,
        zmax=zmax,
        colorbar=colorbar,
    )


def _outline_trace(outline: dict | None) -> go.Scattergeo:
    lon: list = []
    lat: list = []
    if outline:
        polygons = outline["coordinates"] if outline["type"] == "MultiPolygon" \
            else [outline["coordinates"]]
        for polygon in polygons:
            for ring in polygon:
                lon += [p[0] for p in ring] + [None]
                lat += [p[1] for p in ring] + [None]
    return go.Scattergeo(lon=lon, lat=lat, mode="lines", line={"color": OUTLINE, "width": 3},
                         name="Groningen-Noord (NPLV)", hoverinfo="skip", showlegend=True)


def build_map(
    feature_collection: dict,
    codes: tuple[str, ...],
    colouring: Colouring,
    outline: dict | None,
    title: str,
) -> go.Figure:
    """The full map figure: geometry, first colouring and the NPLV outline.

    Parameters
    ----------
    feature_collection
        GeoJSON features with ``id`` = area code.
    codes
        Area codes (locations), in feature order.
    colouring
        Output of :func:`colour_values`.
    outline
        NPLV outline geometry (GeoJSON) or None.
    title
        Accessible title of the figure.

    Returns
    -------
    plotly.graph_objects.Figure
        The figure; later changes go through :func:`recolour`.
    """
    common = {"geojson": feature_collection, "locations": list(codes), "featureidkey": "id",
              "marker": {"line": {"color": AREA_LINE, "width": 0.6}},
              "hovertemplate": "%{text}<extra></extra>"}
    fig = go.Figure(
        [
            go.Choropleth(z=colouring.grey_z, text=colouring.grey_text, zmin=0, zmax=1,
                          colorscale=[[0, SUPPRESSED_GREY], [1, TOO_FEW_GREY]],
                          showscale=False, name="niet te tonen", **common),
            go.Choropleth(z=colouring.value_z, text=colouring.value_text,
                          colorscale=colouring.colorscale, zmin=colouring.zmin,
                          zmax=colouring.zmax, colorbar=colouring.colorbar, name="waarde",
                          **common),
            _outline_trace(outline),
        ]
    )
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    fig.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=620, dragmode=False,
        legend={"orientation": "h", "x": 0, "y": 0, "bgcolor": "rgba(255,255,255,0.8)"},
        meta={"title": title}, uirevision="kaart",
        font={"family": "system-ui, sans-serif", "size": 14},
    )
    return fig


def recolour(colouring: Colouring) -> Patch:
    """A Patch that changes only the colouring of an existing map figure."""
    patch = Patch()
    patch["data"][GREY_TRACE]["z"] = colouring.grey_z
    patch["data"][GREY_TRACE]["text"] = colouring.grey_text
    patch["data"][VALUE_TRACE]["z"] = colouring.value_z
    patch["data"][VALUE_TRACE]["text"] = colouring.value_text
    patch["data"][VALUE_TRACE]["colorscale"] = colouring.colorscale
    patch["data"][VALUE_TRACE]["zmin"] = colouring.zmin
    patch["data"][VALUE_TRACE]["zmax"] = colouring.zmax
    patch["data"][VALUE_TRACE]["colorbar"] = colouring.colorbar
    return patch
