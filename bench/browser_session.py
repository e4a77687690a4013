"""Drive the dashboard in headless Chromium to learn what a real browser sends and receives:
the bytes of a first page load, and the exact callback requests behind a user action, which
the speed and load benchmarks then replay without a browser."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bench.serve import CHROMIUM_ARGS, find_chromium

CALLBACK_PATH = "/_dash-update-component"
MAP_GRAPH = "#kaart-graph .js-plotly-plot"


@dataclass
class PageLoad:
    """What one page load transferred."""

    bytes_transferred: int
    requests: int
    callbacks: list[dict] = field(default_factory=list)


@dataclass
class Recording:
    """Callback request bodies captured while a user acts, keyed by the action's name."""

    first_page: PageLoad
    actions: dict[str, list[dict]] = field(default_factory=dict)


def _transferred(requests: list) -> int:
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


def _wait_for_map(tab) -> None:
    tab.wait_for_selector(MAP_GRAPH)
    tab.wait_for_function(
        f"() => document.querySelectorAll('{MAP_GRAPH} .choroplethlocation').length > 0")


def record(url: str, actions: dict[str, tuple[str, Callable]]) -> Recording:
    """Load ``/`` in a fresh browser, then perform each action and keep its callbacks.

    Parameters
    ----------
    url
        Base URL of the running dashboard.
    actions
        name -> (path to open first, function of the Playwright page that acts).
    """
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                      locale="nl-NL")
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        finished: list = []
        tab.on("requestfinished", lambda request: finished.append(request))
        tab.goto(url + "/")
        _wait_for_map(tab)
        tab.wait_for_load_state("networkidle")
        first = PageLoad(_transferred(finished), len(finished),
                         [r.post_data_json for r in finished if CALLBACK_PATH in r.url])
        recording = Recording(first)
        for name, (path, act) in actions.items():
            tab.goto(url + path)
            tab.wait_for_load_state("networkidle")
            finished.clear()
            act(tab)
            tab.wait_for_load_state("networkidle")
            recording.actions[name] = [r.post_data_json for r in finished
                                       if CALLBACK_PATH in r.url]
        browser.close()
    return recording


def press_on(selector: str, key: str) -> Callable:
    """An action: focus ``selector`` and press ``key`` (as a keyboard user would)."""
    def act(tab) -> None:
        tab.locator(selector).focus()
        tab.keyboard.press(key)
        tab.wait_for_timeout(500)
    return act


def choose(selector: str, value: str) -> Callable:
    """An action: pick ``value`` in a native select or radio group."""
    def act(tab) -> None:
        target = tab.locator(selector)
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            tab.locator(f"{selector} input[value='{value}']").check()
        tab.wait_for_timeout(500)
    return act
