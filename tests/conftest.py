"""Fixtures shared by all test folders: the demo build, a gunicorn server, a browser.

The demo is built once per session through the real ETL (fixed seed and end month, so every
run sees the same data) and reused by the dashboard and browser tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from bench.serve import (
    CHROMIUM_ARGS,
    Server,
    find_chromium,
    start_gunicorn,
    stop_gunicorn,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEMO_END_MONTH = pd.Timestamp("2026-10-01")
DEMO_SEED = 14


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The reference material beside the project; tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@dataclass
class DemoBuild:
    """Paths and report of the session's demo build."""

    warehouse: Path
    published: Path
    work_dir: Path
    report: object
    announced: list[str]


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> DemoBuild:
    """The embedded demo, built through the real ETL path into a temporary folder."""
    from etl.jobs.demo import build_demo
    from etl.settings import read_settings

    root = tmp_path_factory.mktemp("demo")
    announced: list[str] = []
    settings = read_settings({"WIJKSIGNAAL_HOUSEHOLD_KEY": "k" * 40})
    report = build_demo(root / "warehouse.duckdb", root / "published.duckdb", settings,
                        work_dir=root / "input", seed=DEMO_SEED, end_month=DEMO_END_MONTH,
                        announce=announced.append)
    return DemoBuild(root / "warehouse.duckdb", root / "published.duckdb", root / "input",
                     report, announced)


@pytest.fixture(scope="session")
def app_server(demo_build: DemoBuild, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The dashboard on the demo data, under gunicorn, for the whole session."""
    server = start_gunicorn(demo_build.published,
                            tmp_path_factory.mktemp("gunicorn") / "gunicorn.log")
    yield server
    stop_gunicorn(server)


def chromium_path() -> str:
    """Debian's chromium (or WIJKSIGNAAL_CHROMIUM); browser tests fail loudly without it."""
    path = find_chromium()
    if not path:
        pytest.fail("Chromium is not installed: `apt-get install chromium` (the browser tests "
                    "must run, not skip)")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                              args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class BrowserPage:
    """A page plus the console errors and outside requests it produced."""

    page: object
    console_errors: list[str]
    outside_requests: list[str]


@pytest.fixture()
def page(browser: object, app_server: Server) -> Iterator[BrowserPage]:
    """A fresh browser page; fails the test on console errors or requests off this host."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    tab = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("request", lambda r: outside.append(r.url)
           if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    tab.set_default_timeout(30_000)
    wrapped = BrowserPage(tab, errors, outside)
    yield wrapped
    context.close()
    assert not errors, f"browser console errors: {errors}"
    assert not outside, f"requests left the machine: {outside}"
