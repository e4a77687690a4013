"""The area page and 'Over de data' in headless Chromium; clicking the map opens an area."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_clicking_an_area_on_the_map_opens_its_page(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/?niveau=wijk")
    tab.wait_for_function("() => document.querySelectorAll('#kaart-graph "
                          ".choroplethlocation').length >= 20")
    paths = tab.locator("#kaart-graph .choroplethlocation")
    box = next(b for b in (paths.nth(i).bounding_box() for i in range(paths.count()))
               if b and b["width"] > 20 and b["height"] > 20)
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.wait_for_url("**/gebied/WK00*")
    tab.wait_for_selector(".card-value")


def test_area_page_shows_headlines_trend_and_funnel_and_changes_month(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/gebied/WK001410")
    tab.wait_for_selector(".card-value")
    assert tab.locator("h1").inner_text() == "Noordwest"
    assert "oktober 2026" in tab.locator(".cards").inner_text()
    tab.wait_for_selector(".chart-section .js-plotly-plot")
    assert tab.locator(".chart-section").count() >= 3
    tab.get_by_role("link", name="← vorige maand").click()
    tab.wait_for_function("() => document.querySelector('.cards').innerText"
                          ".includes('september 2026')")
    assert "maand=2026-09" in tab.url
    tab.get_by_role("link", name="12 maanden").click()
    tab.wait_for_function("() => location.search.includes('venster=12')")


def test_area_page_tables_open_for_keyboard_users(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/gebied/BU00141000")
    tab.wait_for_selector(".card-value")
    summary = tab.locator("details.as-table summary").first
    summary.focus()
    tab.keyboard.press("Enter")
    assert tab.locator("details.as-table").first.get_attribute("open") is not None


def test_unknown_area_says_so_in_dutch(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/gebied/BU99999999")
    tab.wait_for_selector("h1")
    assert tab.locator("h1").inner_text() == "Gebied niet gevonden"


@pytest.mark.parametrize("path", ["/gebied/WK001410", "/gebied/nplv-noord", "/over"])
def test_area_and_about_pages_have_no_serious_accessibility_violations(page, app_server, axe,
                                                                       path):
    tab = page.page
    tab.goto(app_server.url + path)
    tab.wait_for_selector("h1")
    tab.wait_for_timeout(500)
    assert axe(tab) == []


def test_about_page_states_sources_disclosure_and_demo(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/over")
    tab.wait_for_selector("h1")
    text = tab.locator("main").inner_text()
    for phrase in ("Indicatoren", "Bronnen", "demo-gegevens", "minder dan 5",
                   "Benjamini-Hochberg", "Actualiteit"):
        assert phrase in text
