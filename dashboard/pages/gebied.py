"""Mijn wijk (``/gebied/<code>``): one area's month, trend, partners, funnel and structure.

The URL is the state (``?maand=2026-09&venster=3``): month and window are links, so a
wijkteam can bookmark and share exactly what it looks at.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import dash
import pandas as pd
from dash import html

from dashboard import i18n
from dashboard.data import area_page
from dashboard.data.meta import available_months, read_meta
from dashboard.data.published import DataUnavailable
from dashboard.data.series import rate_series
from dashboard.figures.funnel import RESULTS, funnel_chart
from dashboard.figures.partners import partner_bars
from dashboard.figures.trend import trend_chart
from dashboard.indicators import PARTNER_LABELS
from dashboard.layout import gebied, shell
from dashboard.pages.shell_meta import shell_kwargs
from dashboard.palette import LINE_AREA, LINE_FOCUS, LINE_GEMEENTE

WINDOWS = (1, 3, 12)
FOCUS_AREA = area_page.FOCUS_AREA


def _month(text: str | None, months: tuple[date, ...]) -> date | None:
    if not months:
        return None
    try:
        chosen = date.fromisoformat(f"{text}-01") if text else months[-1]
    except ValueError:
        chosen = months[-1]
    return chosen if chosen in months else months[-1]


def _href(code: str, month: date, window: int) -> str:
    return f"/gebied/{code}?" + urlencode({"maand": f"{month:%Y-%m}", "venster": window})


def _crumbs(info: area_page.AreaInfo) -> list[tuple[str, str]]:
    crumbs = [("/", "Kaart")]
    if info.parent_code:
        crumbs.append((f"/gebied/{info.parent_code}", info.parent_name or info.parent_code))
    crumbs.append((f"/gebied/{info.code}", info.name))
    return crumbs


def _headline_cards(h: area_page.Headline, threshold: int) -> list:
    rate_lines = [
        f"gemeente: {i18n.format_decimal(h.gemeente_rate)}",
        f"Groningen-Noord: {i18n.format_decimal(h.focus_rate)}",
        gebied.change_text(h.rate, h.previous_rate, "t.o.v. vorige maand", threshold),
    ]
    expected_lines = (
        [f"90 %-interval: {i18n.format_int(h.lower)} tot {i18n.format_int(h.upper)}",
         "ongebruikelijke stijging" if h.is_rise else "geen ongebruikelijke stijging"]
        if h.expected is not None else ["nog te weinig geschiedenis voor een verwachting"])
    if h.is_delivery_problem:
        expected_lines.append("leveringsprobleem bij een signaalpartner: niet beoordeeld")
    return [
        gebied.card(f"Signalen in {i18n.month_name(h.month)}",
                    i18n.format_count(h.signals, threshold),
                    [gebied.change_text(h.signals, h.previous_signals, "t.o.v. vorige maand",
                                        threshold),
                     gebied.change_text(h.signals, h.last_year_signals,
                                        "t.o.v. zelfde maand vorig jaar", threshold)],
                    "alert" if h.is_rise else ""),
        gebied.card("Huishoudens met een signaal", i18n.format_count(h.households, threshold),
                    [f"van {i18n.format_int(h.cbs_households)} huishoudens (CBS)"]),
        gebied.card("Signalen per 1.000 huishoudens",
                    i18n.format_decimal(h.rate) if h.rate is not None
                    else i18n.status_text(h.rate_status, threshold),
                    rate_lines),
        gebied.card("Verwacht aantal deze maand",
                    i18n.format_decimal(h.expected, 0) if h.expected is not None else "–",
                    [f"werkelijk: {i18n.format_count(h.signals, threshold)}", *expected_lines],
                    "alert" if h.is_rise else ""),
    ]


def _trend_section(info: area_page.AreaInfo, window: int, gemeente: str, threshold: int):
    codes = list(dict.fromkeys([info.code, gemeente, FOCUS_AREA]))
    frame = rate_series(codes, window)
    if frame.empty:
        return None
    labels = {info.code: info.name, gemeente: "Gemeente Groningen",
              FOCUS_AREA: "Groningen-Noord (NPLV)"}
    frame["series"] = frame["area_code"].map(labels)
    colours = {info.name: LINE_AREA, labels[gemeente]: LINE_GEMEENTE,
               labels[FOCUS_AREA]: LINE_FOCUS}
    figure = trend_chart(frame, colours=colours, y_title="per 1.000 huishoudens per maand",
                         unit="per 1.000 huishoudens per maand",
                         dashes={labels[gemeente]: "dash", labels[FOCUS_AREA]: "dot"})
    mine = frame[frame["area_code"] == info.code]
    others = {code: frame[frame["area_code"] == code].set_index("month")["rate"]
              for code in codes[1:]}
    rows = [[i18n.month_short(r.month.date()),
             i18n.format_count(r.signals, threshold),
             (f"{i18n.format_decimal(r.rate)} ({i18n.format_decimal(r.lower)}–"
              f"{i18n.format_decimal(r.upper)})") if r.status == "ok"
             else i18n.status_text(r.status, threshold),
             *[i18n.format_decimal(others[c].get(r.month)) for c in codes[1:]]]
            for r in mine.itertuples(index=False)]
    note = (f"Per maand gemiddeld over {i18n.WINDOWS[window]}, met 95 %-betrouwbaarheidsband. "
            if window > 1 else "Per maand, met 95 %-betrouwbaarheidsband. ")
    note += "Een verschil binnen de band is geen betekenisvol verschil."
    return gebied.chart_section(
        "Signalen per 1.000 huishoudens door de tijd",
        gebied.graph(figure, "wijksignaal-trend"),
        gebied.table("Signalen per 1.000 huishoudens per maand",
                     ["Maand", "Signalen", info.name, *[labels[c] for c in codes[1:]]], rows),
        note=note)


def _partner_section(code: str, window: int, threshold: int):
    frame = area_page.partner_breakdown(code, window)
    if frame.empty:
        return None
    recent = frame[frame["month"] >= frame["month"].max() - pd.DateOffset(months=11)]
    pivot = recent.pivot_table(index="month", columns="partner_type", values="signals",
                               aggfunc="first")
    partners = list(pivot.columns)
    rows = [[i18n.month_short(m.date()),
             *[i18n.format_count(pivot.at[m, p], threshold) for p in partners]]
            for m in pivot.index]
    return gebied.chart_section(
        "Signalen per soort signaalpartner",
        gebied.graph(partner_bars(frame, threshold), "wijksignaal-partners"),
        gebied.table("Signalen per signaalpartner, laatste 12 maanden",
                     ["Maand", *[PARTNER_LABELS.get(p, p) for p in partners]], rows),
        note=f"Aantallen onder {threshold} worden niet getoond; die staven ontbreken.",
    )


def _funnel_section(code: str, month: date, threshold: int):
    values = area_page.funnel(code, month, 12)
    period = i18n.period_words(month, 12)
    if values is None or values["months_with_case_data"] == 0:
        return html.Section([html.H2("Van signaal tot hulp"),
                             html.P("Voor deze periode zijn geen zaakgegevens geleverd.")])
    note = (f"{period}. Zaakgegevens komen alleen met DDAS-leveringen; "
            f"{values['months_with_case_data']} van de 12 maanden hebben ze."
            if values["months_with_case_data"] < 12 else period)
    stages = [["Signalen", i18n.format_count(values["signals"], threshold)],
              ["Zaken", i18n.format_count(values["cases"], threshold)],
              ["Contact gezocht", i18n.format_count(values["contacted"], threshold)],
              ["Inwoner bereikt", i18n.format_count(values["reached"], threshold)]]
    stages += [[f"Resultaat: {label}", i18n.format_count(values[key], threshold)]
               for key, label in RESULTS]
    return gebied.chart_section(
        "Van signaal tot hulp", gebied.graph(funnel_chart(dict(values), threshold),
                                             "wijksignaal-trechter"),
        gebied.table(f"Trechter, {period}", ["Stap", "Aantal"], stages), note=note)


def _members_section(code: str, month: date, window: int, threshold: int):
    frame = area_page.members(code, month, window)
    if frame.empty:
        return None
    rows = [[html.A(r.area_name, href=f"/gebied/{r.area_code}"),
             i18n.format_count(r.signals, threshold),
             i18n.format_count(r.households, threshold),
             i18n.format_int(r.cbs_households),
             i18n.format_decimal(r.rate) if r.status == "ok"
             else i18n.status_text(r.status, threshold),
             i18n.format_pct(r.low_income_pct)]
            for r in frame.itertuples(index=False)]
    table = gebied.table(f"Gebieden binnen dit gebied, {i18n.period_words(month, window)}",
                         ["Gebied", "Signalen", "Huishoudens met signaal",
                          "Huishoudens (CBS)", "Per 1.000 huishoudens", "Laag inkomen"], rows)
    return html.Section([html.H2("Buurten in dit gebied"), table], className="members")


def _structure_section(info: area_page.AreaInfo, gemeente: str):
    frame = area_page.structure([info.code, gemeente])
    mine = frame[frame["area_code"] == info.code]
    if mine.empty:
        return None
    reference = frame[frame["area_code"] == gemeente].set_index("year")
    rows = [[str(r.year), i18n.format_int(r.households), i18n.format_pct(r.low_income_pct),
             i18n.format_pct(r.social_minimum_pct), i18n.format_pct(r.problematic_debt_pct),
             i18n.format_pct(reference["low_income_pct"].get(r.year)),
             r.null_reason or ""]
            for r in mine.itertuples(index=False)]
    sources = i18n.format_sources(mine["source"])
    return html.Section([
        html.H2("Structuur: inkomen en schulden per jaar"),
        gebied.table("CBS-kengetallen per jaar",
                     ["Jaar", "Huishoudens", "Laag inkomen", "Rond sociaal minimum",
                      "Problematische schulden", "Laag inkomen (gemeente)", "Opmerking"], rows),
        html.P(f"Bron: {sources}", className="muted"),
    ])


def layout(code: str | None = None, **query: str) -> html.Div:
    """The area page for ``code`` and the month/window in the URL."""
    try:
        meta = read_meta()
        months = available_months()
        info = area_page.area_info(code or "")
        if info is None:
            return shell.page("Gebied niet gevonden", gebied.not_found(code or ""),
                              is_demo=meta.is_demo)
        month = _month(query.get("maand"), months)
        window = int(query["venster"]) if query.get("venster") in ("1", "3", "12") else 1
        threshold = meta.threshold
        level_text = i18n.LEVEL_SINGULAR.get(info.level, info.level).capitalize()
        change_note = (f"Let op: de grenzen van dit gebied zijn gewijzigd in "
                       f"{', '.join(map(str, info.change_years))}; trends over die jaren "
                       f"heen zijn niet zonder meer vergelijkbaar." if info.change_years
                       else None)
        index = months.index(month)
        month_links = [
            (_href(info.code, months[max(index - 1, 0)], window), "← vorige maand", False),
            (_href(info.code, month, window), i18n.month_name(month), True),
            (_href(info.code, months[min(index + 1, len(months) - 1)], window),
             "volgende maand →", False),
        ]
        window_links = [(_href(info.code, month, w), i18n.WINDOWS[w], w == window)
                        for w in WINDOWS]
        sections = [
            gebied.title_block(info.name, level_text, _crumbs(info),
                               [(c, n) for c, n in info.memberships], change_note),
            gebied.period_nav(month_links, "Maand"),
            gebied.cards(_headline_cards(area_page.headline(info.code, month), threshold)),
            gebied.period_nav(window_links, "Periode in grafieken"),
            _trend_section(info, window, meta.gemeente_for(info.code), threshold),
            _partner_section(info.code, window, threshold),
            _funnel_section(info.code, month, threshold),
            _members_section(info.code, month, window, threshold),
            _structure_section(info, meta.gemeente_for(info.code)),
        ]
    except DataUnavailable as exc:
        return shell.data_error(str(exc))
    return shell.page(
        info.name, *[s for s in sections if s is not None],
        **shell_kwargs(meta, "/gebied"),
    )


dash.register_page(__name__, path_template="/gebied/<code>", title="Gebied — Wijksignaal",
                   name="Gebied", layout=layout)
