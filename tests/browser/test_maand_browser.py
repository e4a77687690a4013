"""The Maandoverzicht in headless Chromium against gunicorn: rows, month, sort, download."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

GRID = "maand-tabel"
API = f"window.dash_ag_grid.getApiAsync('{GRID}')"


def _wait_until(tab, condition: str) -> None:
    """Poll ``condition`` (JS, with ``api`` the grid's API) until it holds."""
    tab.wait_for_function(
        "() => { try { const api = window.dash_ag_grid.getApi('" + GRID + "');"
        f" return Boolean({condition}); }} catch (error) {{ return false; }} }}")


def _wait_for_grid(tab) -> None:
    tab.wait_for_selector(f"#{GRID} .ag-row")


def _shown(tab, key: str) -> list:
    """The grid's rows as displayed (after filter and sort), one value per row."""
    return tab.evaluate(
        f"async () => {{ const api = await {API}; const out = [];"
        f" api.forEachNodeAfterFilterAndSort(n => out.push(n.data['{key}'] ?? null));"
        " return out; }")


def test_maandoverzicht_shows_one_row_per_wijk(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/maand")
    _wait_for_grid(tab)
    assert tab.locator("h1").inner_text() == "Maandoverzicht"
    assert tab.locator("#maand-periode").inner_text() == "Wijken — oktober 2026"
    codes = _shown(tab, "c")
    assert len(codes) == len(set(codes)) == 20
    assert "Demo-data" in tab.locator("#demo-banner").inner_text()


def test_choosing_buurten_shows_all_150_and_updates_the_url(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/maand")
    _wait_for_grid(tab)
    tab.get_by_role("radio", name="Buurten", exact=True).check()
    tab.wait_for_function("() => location.search.includes('niveau=buurt')")
    _wait_until(tab, "api.getDisplayedRowCount() === 150")


def test_changing_the_month_updates_the_rows_and_the_url(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/maand?niveau=wijk&maand=2026-10")
    _wait_for_grid(tab)
    before = dict(zip(_shown(tab, "c"), _shown(tab, "st"), strict=True))
    tab.locator("#maand-maand").focus()
    tab.keyboard.press("ArrowLeft")
    tab.wait_for_function("() => document.querySelector('#maand-periode').innerText"
                          ".includes('september 2026')")
    tab.wait_for_function("() => location.search.includes('maand=2026-09')")
    shown_before = json.dumps(json.dumps([before[c] for c in sorted(before)]))
    _wait_until(tab, "JSON.stringify((() => { const rows = []; api.forEachNode(n => "
                     "rows.push([n.data.c, n.data.st ?? null])); return rows.sort()"
                     f".map(r => r[1]); }})()) !== {shown_before}")
    after = dict(zip(_shown(tab, "c"), _shown(tab, "st"), strict=True))
    assert set(after) == set(before)
    assert after != before


def test_a_shared_url_opens_the_same_month_and_level(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/maand?maand=2026-04&niveau=nplv_wijken")
    _wait_for_grid(tab)
    assert tab.locator("#maand-periode").inner_text() == "NPLV-wijken — april 2026"
    assert len(_shown(tab, "c")) == 8
    assert tab.get_by_role("radio", name="NPLV-wijken").is_checked()


def test_clicking_a_column_header_sorts_the_rows(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/maand?niveau=buurt")
    _wait_for_grid(tab)
    tab.locator(f"#{GRID} .ag-header-cell-text", has_text="Signalen").click()
    _wait_until(tab, "api.getColumnState().some(c => c.colId === 's' && c.sort === 'asc')")
    known = [v for v in _shown(tab, "s") if v is not None]
    assert len(known) > 50
    assert known == sorted(known)
    tab.locator(f"#{GRID} .ag-header-cell-text", has_text="Signalen").click()
    _wait_until(tab, "api.getColumnState().some(c => c.colId === 's' && c.sort === 'desc')")
    known = [v for v in _shown(tab, "s") if v is not None]
    assert known == sorted(known, reverse=True)


def test_filtering_by_name_keeps_only_matching_areas(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/maand?niveau=buurt")
    _wait_for_grid(tab)
    tab.locator(f"#{GRID} .ag-floating-filter input").first.fill("Oost")
    _wait_until(tab, "api.getDisplayedRowCount() < 150")
    names = _shown(tab, "n")
    assert names and all("oost" in name.lower() for name in names)


def test_csv_download_uses_semicolons_for_dutch_excel_and_commas_otherwise(page,
                                                                           app_server):
    tab = page.page
    tab.goto(app_server.url + "/maand?niveau=wijk&maand=2026-10")
    _wait_for_grid(tab)
    assert tab.get_by_label("Nederlandse Excel (puntkomma en decimale komma)").is_checked()
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename == "wijksignaal-maandoverzicht-wijk-2026-10.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Gebiedscode;Gebied;Maand;Signalen;")
    assert len(lines) == 21
    assert "minder dan 5" in text
    tab.get_by_label("Nederlandse Excel (puntkomma en decimale komma)").uncheck()
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Download CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Gebiedscode,Gebied,Maand,Signalen,")


def test_xlsx_download_is_an_excel_workbook(page, app_server):
    tab = page.page
    tab.goto(app_server.url + "/maand")
    _wait_for_grid(tab)
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Download Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"


def test_maandoverzicht_has_no_serious_accessibility_violations(page, app_server, axe):
    tab = page.page
    tab.goto(app_server.url + "/maand?niveau=buurt&maand=2026-04")
    _wait_for_grid(tab)
    assert axe(tab) == []
