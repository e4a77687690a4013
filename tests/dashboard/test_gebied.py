"""The area page's data and layout, in process."""

from __future__ import annotations

import json
from datetime import date

import dash

from dashboard.data import area_page


def _layout(**query):
    return dash.page_registry["dashboard.pages.gebied"]["layout"](**query)


def test_area_info_knows_a_buurt_its_wijk_and_its_custom_areas(dash_app):
    info = area_page.area_info("BU00141000")
    assert info.name == "Selwerd" and info.level == "buurt"
    assert info.parent_code == "WK001410"
    assert "nplv-noord" in {code for code, _ in info.memberships}
    assert area_page.area_info("BU99999999") is None


def test_headline_compares_with_last_month_last_year_gemeente_and_nplv(dash_app):
    h = area_page.headline("WK001410", date(2026, 10, 1))
    assert h.signals is not None and h.signals >= 5
    assert h.previous_signals is not None and h.last_year_signals is not None
    assert h.gemeente_rate is not None and h.focus_rate is not None
    assert h.rate > h.gemeente_rate  # the north is poorer in the demo
    assert h.expected is not None and h.lower <= h.expected <= h.upper


def test_members_of_a_wijk_are_its_buurten(dash_app):
    members = area_page.members("WK001410", date(2026, 10, 1), 3)
    assert set(members["area_code"]) >= {"BU00141000", "BU00141001", "BU00141002"}
    assert (members["area_code"].str.startswith("BU0014100")).all()


def test_area_page_layout_has_every_section(dash_app):
    text = json.dumps(_layout(code="WK001410", venster="3").to_plotly_json(), default=str)
    for heading in ("Signalen per 1.000 huishoudens door de tijd",
                    "Signalen per soort signaalpartner", "Van signaal tot hulp",
                    "Buurten in dit gebied", "Structuur: inkomen en schulden per jaar"):
        assert heading in text
    assert "Toon als tabel" in text


def test_area_page_for_an_unknown_code_says_not_found(dash_app):
    text = json.dumps(_layout(code="XX").to_plotly_json(), default=str)
    assert "Gebied niet gevonden" in text


def test_area_page_ignores_a_broken_month_in_the_url(dash_app):
    text = json.dumps(_layout(code="GM0014", maand="2099-99").to_plotly_json(), default=str)
    assert "oktober 2026" in text


def test_about_page_layout_shows_definitions_sources_and_methods(dash_app):
    layout = dash.page_registry["dashboard.pages.over"]["layout"]()
    text = json.dumps(layout.to_plotly_json(), default=str)
    for heading in ("Indicatoren", "Bronnen", "Bescherming van privacy", "Actualiteit",
                    "Methoden", "Controle van gebiedscodes"):
        assert heading in text
    assert "niet beschikbaar" not in text


def test_the_gemeente_page_compares_with_the_gemeente_itself_not_with_groningen_noord(dash_app):
    h = area_page.headline("GM0014", date(2026, 10, 1))
    assert h.gemeente_rate == h.rate


def test_with_several_gemeenten_an_area_is_compared_with_its_own_gemeente():
    from dashboard.data.meta import Meta

    def meta(code: str) -> Meta:
        return Meta(is_demo=False, first_month=None, last_month=None, threshold=5,
                    min_households=100, published_at="", last_loaded_at="", gemeente_code=code)

    assert meta("GM0014").gemeente_for("BU03630001") == "GM0014"
    national = meta("*")
    assert [national.gemeente_for(c) for c in ("BU03630001", "WK001410", "GM0034")] == [
        "GM0363", "GM0014", "GM0034"]
    assert national.gemeente_for("nplv-noord") == ""
