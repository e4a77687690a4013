"""Groningen-Noord in headless Chromium against gunicorn: charts, window, presentation, print."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

GAP = "#nplv-kloof-grafiek .js-plotly-plot"
SMALL = "#nplv-kleine-grafieken-raster .js-plotly-plot"
STRUCTURE = "#nplv-structuur-grafiek .js-plotly-plot"
A4_CONTENT_PX = 182 / 25.4 * 96  # A4 minus 2 x 14 mm margins, in CSS pixels


def _gap_points(tab) -> int:
    return tab.evaluate(f"() => document.querySelector('{GAP}').data"
                        ".find(t => t.name === 'Verschil').x.length")


def _wait_for_charts(tab) -> None:
    tab.wait_for_selector(GAP)
    tab.wait_for_function(
        f"() => document.querySelectorAll('{SMALL}').length === 8 && "
        f"document.querySelector('{STRUCTURE}') && "
        f"document.querySelector('{GAP}').querySelectorAll('.scatterlayer .trace').length > 0")


def test_nplv_draws_the_gap_the_eight_neighbourhoods_and_the_yearly_figures(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/nplv")
    _wait_for_charts(tab)
    assert tab.locator("h1").inner_text() == "Groningen-Noord"
    assert "Demo-data" in tab.locator("#demo-banner").inner_text()
    for selector in (GAP, SMALL, STRUCTURE):
        assert tab.locator(f"{selector} .scatterlayer .trace").count() > 0
    assert "rest van de gemeente" in tab.locator("#nplv-kloof-tekst").inner_text()
    assert tab.locator("summary", has_text="Toon als tabel").count() == 3


def test_choosing_twelve_months_redraws_the_charts_and_updates_the_url(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/nplv")
    _wait_for_charts(tab)
    assert _gap_points(tab) == 34
    tab.get_by_role("radio", name="12 maanden").check()
    tab.wait_for_function("() => location.search.includes('venster=12')")
    tab.wait_for_function(f"() => document.querySelector('{GAP}').data"
                          ".find(t => t.name === 'Verschil').x.length === 25")
    tab.wait_for_function("() => document.querySelector('#nplv-kloof-tekst').innerText"
                          ".includes('nov 2025 t/m okt 2026')")
    tab.wait_for_function(f"() => document.querySelectorAll('{SMALL}').length === 8")
    assert tab.locator("#nplv-presentatie").get_attribute("href") == \
        "/nplv?venster=12&presentatie=1"


def test_presentation_mode_hides_navigation_and_controls_and_links_back(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/nplv?presentatie=1&venster=3")
    _wait_for_charts(tab)
    assert not tab.locator("nav[aria-label='Hoofdmenu']").is_visible()
    assert not tab.locator("#nplv-venster").is_visible()
    assert tab.locator("#demo-banner").is_visible()
    height = tab.evaluate("() => window.innerHeight")
    for section in ("#nplv-kloof", "#nplv-kleine-grafieken", "#nplv-structuur"):
        assert tab.locator(section).bounding_box()["height"] >= height
    tab.locator("#nplv-presentatie-uit").click()
    tab.wait_for_function("() => !location.search.includes('presentatie')")
    tab.locator("nav[aria-label='Hoofdmenu']").wait_for(state="visible")
    assert tab.locator("#nplv-venster").is_visible()


def test_print_hides_controls_and_navigation_and_fits_charts_to_a4(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/nplv")
    _wait_for_charts(tab)
    tab.emulate_media(media="print")
    assert not tab.locator("nav[aria-label='Hoofdmenu']").is_visible()
    assert not tab.locator(".nplv-toolbar").is_visible()
    assert not tab.locator("summary", has_text="Toon als tabel").first.is_visible()
    assert tab.locator("#demo-banner").is_visible()
    assert tab.locator(".nplv-source").first.is_visible()
    tab.wait_for_function(f"() => document.querySelector('{GAP}')._fullLayout.width "
                          f"<= {A4_CONTENT_PX + 1}")
    pdf = tab.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    tab.emulate_media(media="screen")
    tab.wait_for_function(f"() => document.querySelector('{GAP}')._fullLayout.width "
                          f"> {A4_CONTENT_PX + 1}")


def test_nplv_has_no_serious_accessibility_violations(page, app_server, axe):
    tab = page.page
    tab.goto(app_server.url + "/nplv")
    _wait_for_charts(tab)
    assert axe(tab) == []
    tab.goto(app_server.url + "/nplv?presentatie=1")
    _wait_for_charts(tab)
    assert axe(tab) == []
