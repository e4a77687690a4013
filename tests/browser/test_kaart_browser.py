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


_POINT_INSIDE_AN_AREA = """selector => {
  for (const path of document.querySelectorAll(selector)) {
    const box = path.getBBox();
    if (box.width < 10 || box.height < 10) continue;
    for (let i = 1; i < 10; i++) for (let j = 1; j < 10; j++) {
      const point = new DOMPoint(box.x + box.width * i / 10, box.y + box.height * j / 10);
      if (!path.isPointInFill(point)) continue;
      const screen = point.matrixTransform(path.getScreenCTM());
      if (screen.y < window.innerHeight - 5) return [screen.x, screen.y];
    }
  }
  return null;
}"""


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


def test_the_table_opens_on_demand_and_follows_the_month(page, app_server, axe):
    tab = page.page
    tab.goto(app_server.url + "/?niveau=wijk")
    _wait_for_map(tab)
    toggle = tab.get_by_role("button", name="Toon als tabel")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert tab.locator("#kaart-tabel table").count() == 0
    toggle.click()
    tab.wait_for_function("() => document.querySelectorAll('#kaart-tabel tbody tr').length"
                          " === 20")
    hide = tab.get_by_role("button", name="Verberg tabel")
    assert hide.get_attribute("aria-expanded") == "true"
    assert "oktober 2026" in tab.locator("#kaart-tabel caption").inner_text()
    assert axe(tab) == []
    tab.locator("#kaart-maand").focus()
    tab.keyboard.press("ArrowLeft")
    tab.wait_for_function("() => document.querySelector('#kaart-tabel caption').innerText"
                          ".includes('september 2026')")
    hide.click()
    tab.wait_for_function("() => document.querySelector('#kaart-tabel').hidden")
    assert tab.get_by_role("button", name="Toon als tabel").get_attribute(
        "aria-expanded") == "false"


def test_hovering_an_area_names_it_with_its_numbers(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/?niveau=wijk")
    _wait_for_map(tab)
    # A point inside a drawn area (a trace's paths for areas it does not colour are empty).
    x, y = tab.evaluate(_POINT_INSIDE_AN_AREA, f"{GRAPH} .choroplethlocation")
    tab.mouse.move(x, y, steps=3)
    tab.wait_for_selector(f"{GRAPH} .hoverlayer .hovertext")
    text = tab.locator(f"{GRAPH} .hoverlayer .hovertext").first.text_content()
    names = tab.evaluate(f"() => document.querySelector('{GRAPH}').data[1].customdata")
    assert any(text.startswith(name) for name in names)
    assert "gemeente:" in text
    assert "aantal:" in text or "minder dan" in text or "te weinig" in text
