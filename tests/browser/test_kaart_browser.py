"""The Kaart page in headless Chromium against gunicorn: it draws, recolours, navigates."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

GRAPH = "#kaart-graph .js-plotly-plot"


def _locations(tab, trace: int) -> int:
    return tab.evaluate(f"() => document.querySelector('{GRAPH}').data[{trace}].locations.length")


def _wait_for_map(tab) -> None:
    tab.wait_for_selector(GRAPH)
    tab.wait_for_function(
        f"() => document.querySelector('{GRAPH}') && "
        f"document.querySelector('{GRAPH}').querySelectorAll('.choroplethlocation').length > 0")


def test_kaart_shows_all_150_buurten_with_a_demo_banner(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/")
    _wait_for_map(tab)
    assert tab.locator("html").get_attribute("lang") == "nl"
    assert tab.locator("h1").inner_text() == "Vroegsignalen op de kaart"
    assert "Demo-data" in tab.locator("#demo-banner").inner_text()
    assert _locations(tab, 1) == 150
    assert tab.locator(f"{GRAPH} .choroplethlocation").count() >= 150


def test_switching_to_wijken_draws_the_20_wijken(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/")
    _wait_for_map(tab)
    tab.get_by_role("radio", name="Wijken", exact=True).check()
    tab.wait_for_function(f"() => document.querySelector('{GRAPH}').data[1].locations.length"
                          " === 20")
    tab.wait_for_function("() => location.search.includes('niveau=wijk')")


def test_changing_the_month_with_the_keyboard_recolours_and_updates_the_url(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/?niveau=wijk")
    _wait_for_map(tab)
    before = tab.locator("#kaart-periode").inner_text()
    assert "oktober 2026" in before
    tab.locator("#kaart-maand").focus()
    tab.keyboard.press("ArrowLeft")
    tab.wait_for_function("() => document.querySelector('#kaart-periode').innerText"
                          ".includes('september 2026')")
    tab.wait_for_function("() => location.search.includes('maand=2026-09')")


def test_a_shared_url_opens_the_same_view(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/?niveau=wijk&maand=2025-01&venster=3&indicator=signalen")
    _wait_for_map(tab)
    assert "nov 2024 t/m jan 2025" in tab.locator("#kaart-periode").inner_text()
    assert _locations(tab, 1) == 20


def test_kaart_has_no_serious_accessibility_violations(page, app_server, axe):
    tab = page.page
    tab.goto(app_server.url + "/")
    _wait_for_map(tab)
    assert axe(tab) == []
