"""The map: geometry sent once, recoloured with a Patch when month or indicator change.

Trace 0 paints areas that may not be coloured (suppressed counts, too few households) in
grey; trace 1 paints the values on top; trace 2 outlines NPLV Groningen-Noord. A Patch
touches only z, hover data and the colour bar. Hover text is split so a Patch carries only
what changes: area names go once into ``customdata`` with the geometry, the unit and the
gemeente's value once into each trace's ``hovertemplate``, and each area's count and value
only into the trace that draws it (a trace does not draw, so never hovers, an area whose z
is empty). At 3,393 wijken that keeps a month change near 100 KB of JSON.
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
    """Everything that changes when the map is recoloured, plus the names it hovers."""

    names: list
    grey_z: list
    grey_text: list
    grey_template: str
    value_z: list
    value_text: list
    value_template: str
    colorscale: list
    zmin: float
    zmax: float
    colorbar: dict


def _hovertemplate(unit: str, reference: str) -> str:
    """Name (from ``customdata``), the per-area text, then what every area shares."""
    return ("<b>%{customdata}</b><br>%{text}" + (f" {unit}" if unit else "")
            + (f"<br>{reference}" if reference else "") + "<extra></extra>")


def _compact(value: float) -> float | None:
    """Four significant digits: plenty for a colour, and a third of the JSON."""
    return float(f"{value:.4g}") if np.isfinite(value) else None


def stepped_colorscale(colours: list[str]) -> list[list]:
    """A colorscale of equal bands, one flat colour each (for classes, not gradients)."""
    n = len(colours)
    scale: list[list] = []
    for k, colour in enumerate(colours):
        scale += [[k / n, colour], [(k + 1) / n, colour]]
    return scale


def deviation_classes(values: pd.Series, reference: float | pd.Series | None) -> pd.Series:
    """0..3: far below, below, above, far above the gemeente value (1 SD between areas);
    ``reference`` is one value, or one per area (each area's own gemeente)."""
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
    names = frame["area_name"].fillna(pd.Series(codes, index=list(codes))).tolist()
    status = frame["status"].fillna("geen gegevens")
    ok = (status == "ok").to_numpy()
    shown = [i18n.format_pct(v) if pct else i18n.format_decimal(v)
             for v in frame["value"].astype(float)]
    value_text = [f"aantal: {i18n.format_int(count)}<br>{text}" if is_ok else ""
                  for is_ok, count, text in zip(ok, frame["count"].astype(float), shown,
                                                strict=True)]
    grey_text = ["" if is_ok else i18n.status_text(s, threshold)
                 for is_ok, s in zip(ok, status, strict=True)]
    reference = ("gemeente: " + (i18n.format_pct(gemeente_value) if pct
                                 else i18n.format_decimal(gemeente_value))
                 if gemeente_value is not None else "")
    grey = [None if is_ok else STATUS_GREY_LEVEL.get(s, 1.0)
            for is_ok, s in zip(ok, status, strict=True)]
    own = frame["gemeente_value"].astype(float) if "gemeente_value" in frame.columns else None
    if own is not None:  # several gemeenten: each area against its own, in its hover text
        value_text = [text + ("<br>gemeente: " + (i18n.format_pct(g) if pct
                                                  else i18n.format_decimal(g))
                              if text and np.isfinite(g) else "")
                      for text, g in zip(value_text, own, strict=True)]
    if mode == "afwijking":
        z = deviation_classes(frame["value"], own if own is not None else gemeente_value)
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
    return Colouring(
        names=names,
        grey_z=grey,
        grey_text=grey_text,
        grey_template=_hovertemplate("", reference),
        value_z=[_compact(v) for v in z.astype(float)],
        value_text=value_text,
        value_template=_hovertemplate("" if pct else unit, reference),
        colorscale=scale,
        zmin=zmin,
        zmax=zmax,
        colorbar=colorbar,
    )


class SharedGeoJSON(dict):
    """A FeatureCollection that Plotly's deep copies share rather than copy.

    Plotly deep-copies every trace when a figure is built and again when it is serialised;
    at 3,393 wijken (twice: grey and value trace) that took longer than the rest of the
    callback. The geometry is cached per level and year and never changed afterwards, so a
    copy may be the object itself.
    """

    def __deepcopy__(self, memo: dict) -> SharedGeoJSON:
        return self


def _outline_trace(outline: dict | None) -> dict:
    lon: list = []
    lat: list = []
    if outline:
        polygons = outline["coordinates"] if outline["type"] == "MultiPolygon" \
            else [outline["coordinates"]]
        for polygon in polygons:
            for ring in polygon:
                lon += [p[0] for p in ring] + [None]
                lat += [p[1] for p in ring] + [None]
    return {"type": "scattergeo", "lon": lon, "lat": lat, "mode": "lines",
            "line": {"color": OUTLINE, "width": 3}, "name": "Groningen-Noord (NPLV)",
            "hoverinfo": "skip", "showlegend": True}


def build_map(
    feature_collection: dict,
    codes: tuple[str, ...],
    colouring: Colouring,
    outline: dict | None,
    title: str,
) -> go.Figure:
    """The full map figure: geometry, first colouring and the NPLV outline.

    Built as a plain specification without Plotly's per-property validation, which at
    3,393 wijken costs more than the rest of the callback (the keys are fixed here and
    covered by the tests).

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
    common = {"type": "choropleth", "geojson": SharedGeoJSON(feature_collection),
              "locations": list(codes),
              "featureidkey": "id", "marker": {"line": {"color": AREA_LINE, "width": 0.6}},
              "customdata": colouring.names}
    traces = [
        {**common, "z": colouring.grey_z, "text": colouring.grey_text, "zmin": 0, "zmax": 1,
         "colorscale": [[0, SUPPRESSED_GREY], [1, TOO_FEW_GREY]],
         "hovertemplate": colouring.grey_template, "showscale": False,
         "name": "niet te tonen"},
        {**common, "z": colouring.value_z, "text": colouring.value_text,
         "colorscale": colouring.colorscale, "zmin": colouring.zmin, "zmax": colouring.zmax,
         "colorbar": colouring.colorbar, "hovertemplate": colouring.value_template,
         "name": "waarde"},
        _outline_trace(outline),
    ]
    layout = {
        "geo": {"fitbounds": "locations", "visible": False,
                "projection": {"type": "mercator"}},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "height": 620, "dragmode": False,
        "legend": {"orientation": "h", "x": 0, "y": 0, "bgcolor": "rgba(255,255,255,0.8)"},
        "meta": {"title": title}, "uirevision": "kaart",
        "font": {"family": "system-ui, sans-serif", "size": 14},
    }
    return go.Figure({"data": traces, "layout": layout}, _validate=False)


def recolour(colouring: Colouring) -> Patch:
    """A Patch that changes only the colouring of an existing map figure."""
    patch = Patch()
    patch["data"][GREY_TRACE]["z"] = colouring.grey_z
    patch["data"][GREY_TRACE]["text"] = colouring.grey_text
    patch["data"][GREY_TRACE]["hovertemplate"] = colouring.grey_template
    patch["data"][VALUE_TRACE]["z"] = colouring.value_z
    patch["data"][VALUE_TRACE]["text"] = colouring.value_text
    patch["data"][VALUE_TRACE]["hovertemplate"] = colouring.value_template
    patch["data"][VALUE_TRACE]["colorscale"] = colouring.colorscale
    patch["data"][VALUE_TRACE]["zmin"] = colouring.zmin
    patch["data"][VALUE_TRACE]["zmax"] = colouring.zmax
    patch["data"][VALUE_TRACE]["colorbar"] = colouring.colorbar
    return patch
