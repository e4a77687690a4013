"""In-process dashboard fixtures: the app configured on the session's demo build."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def dash_app(demo_build):
    """The Dash app (imported once) reading the demo's published file."""
    import os

    os.environ.setdefault("WIJKSIGNAAL_PUBLISHED", str(demo_build.published))
    from dashboard import app as app_module
    from dashboard.data.published import configure

    configure(demo_build.published)
    return app_module


@pytest.fixture()
def client(dash_app):
    """Flask test client of the dashboard."""
    return dash_app.server.test_client()
