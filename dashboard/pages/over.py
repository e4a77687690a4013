"""Over de data (``/over``): definitions, sources with years, disclosure rule, freshness,
methods, and whether the data is demo or real."""

from __future__ import annotations

import math

import dash
from dash import html

from dashboard import i18n
from dashboard.data.about import about_data, structure_comparison
from dashboard.data.meta import read_meta
from dashboard.data.published import DataUnavailable
from dashboard.figures.structure_scatter import structure_scatter
from dashboard.layout import over, shell
from dashboard.pages.shell_meta import shell_kwargs


def _years(first: object, last: object) -> str:
    return str(first) if first == last else f"{first}–{last}"


def layout(**_query: str) -> html.Div:
    """The page, from the published file's own description of itself."""
    try:
        meta = read_meta()
        about = about_data()
        structure = structure_comparison("buurt")
    except DataUnavailable as exc:
        return shell.data_error(str(exc))
    kinds = {"grenzen": "Grenzen", "kengetallen": "CBS-kengetallen"}
    source_rows = [{"kind": kinds.get(r.kind, r.kind), "detail": r.detail,
                    "years": _years(r.first_year, r.last_year), "source": r.source}
                   for r in about.sources.itertuples(index=False)]
    d = about.deliveries
    formats = ", ".join(i18n.SOURCE_FORMATS.get(f, f)
                        for f in str(d.get("formats") or "").split(", ") if f)
    delivery_text = (
        f"Signalen: {i18n.format_int(d.get('rows_loaded'))} vroegsignalen uit "
        f"{i18n.format_int(d.get('deliveries'))} leveringen ({formats})."
        if len(d) and d.get("deliveries") else "Er zijn nog geen signalen geleverd.")
    period = (f"{i18n.month_name(meta.first_month)} t/m {i18n.month_name(meta.last_month)}"
              if meta.first_month and meta.last_month else "–")
    structure_rows = [
        {"name": r.area_name, "signals": i18n.format_count(r.signals, meta.threshold),
         "households": i18n.format_int(r.households),
         "low_income": i18n.format_pct(r.low_income_pct),
         "expected": i18n.format_int(r.expected),
         "ratio": i18n.format_decimal(r.ratio, 2),
         "flag": "ja" if r.is_under_reached else "nee"}
        for r in structure.itertuples(index=False)
    ]
    slope = structure["slope_per_pct"].dropna()
    slope_text = (i18n.ABOUT_SLOPE.format(
        pct=i18n.format_decimal((math.exp(float(slope.iloc[0])) - 1) * 100))
        if len(slope) else "")
    return shell.page(
        "Over de data",
        html.P(i18n.ABOUT_INTRO, className="lead"),
        over.definitions(),
        over.sources(source_rows, {"text": delivery_text}, meta.is_demo),
        over.disclosure(meta.threshold, meta.min_households),
        over.freshness(i18n.format_timestamp(meta.published_at),
                       i18n.format_timestamp(meta.last_loaded_at), period),
        over.methods(structure_scatter(structure, meta.threshold), structure_rows,
                     "buurten", slope_text),
        over.code_check([{"code": r.area_code, "year": r.year, "source": r.source,
                          "issue": r.issue} for r in about.code_check.itertuples(index=False)]),
        **shell_kwargs(meta, "/over"),
    )


dash.register_page(__name__, path="/over", title="Over de data — Wijksignaal",
                   name="Over de data", layout=layout)
