"""The Dash app; ``server`` is the WSGI entry point for gunicorn (``dashboard.app:server``).

Configuration comes from the environment (see ``dashboard/settings.py``), so the same app
runs under ``python -m dashboard`` and under gunicorn with a Procfile.
"""

from __future__ import annotations

import logging
from pathlib import Path

import dash
from dash import dcc, html

from dashboard import ids
from dashboard.compression import enable_compression
from dashboard.data.published import configure
from dashboard.health import register_health
from dashboard.security import install_security
from dashboard.settings import read_settings

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent

settings = read_settings()
configure(settings.published)

app = dash.Dash(
    __name__,
    use_pages=True,
    pages_folder="",  # pages are imported below under their real module names
    assets_folder=str(HERE / "assets"),
    title="Wijksignaal",
    update_title=None,
    suppress_callback_exceptions=True,
    serve_locally=True,
)
app.index_string = app.index_string.replace("<html>", '<html lang="nl">')
enable_compression(app.server)
app.layout = html.Div([dcc.Location(id=ids.URL, refresh="callback-nav"), dash.page_container])

import dashboard.callbacks  # noqa: E402,F401  (registers the callbacks)
from dashboard.pages import gebied, kaart, maand, nplv, over  # noqa: E402,F401  (registers)

server = app.server
register_health(server)
install_security(server, settings, app.csp_hashes)
