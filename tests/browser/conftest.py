"""Browser-test helpers: an axe-core accessibility scan of the current page."""

from __future__ import annotations

import pytest


def serious_axe_violations(tab) -> list[dict]:
    """Run axe-core (WCAG 2 A/AA rules) on the page; return serious and critical violations.

    Parameters
    ----------
    tab
        A Playwright page that has finished rendering.

    Returns
    -------
    list of dict
        ``id``, ``impact``, ``help`` and the first offending element per violation.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab, options={"runOnly": {"type": "tag",
                                                  "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "node": v["nodes"][0]["html"][:200] if v["nodes"] else ""}
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture()
def axe():
    """The accessibility scan as a fixture, so browser tests can call ``axe(tab)``."""
    return serious_axe_violations
