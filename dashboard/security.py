"""Login and security headers for every response of the dashboard's Flask server.

Two login modes cover municipal deployments: HTTP basic auth with hashed passwords (small
installations) and trusting the user header of a reverse proxy that does SSO/OIDC (the
proxy authenticates; a shared secret proves a request came through it). Without login the
dashboard is only for a demo on localhost, and says so in the log.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from pathlib import Path

from flask import Flask, Response, g, request
from werkzeug.security import check_password_hash

from dashboard.settings import DashboardSettings

log = logging.getLogger(__name__)

OPEN_PATHS = ("/healthz",)
PROXY_SECRET_HEADER = "X-Wijksignaal-Proxy-Secret"
REALM = 'Basic realm="Wijksignaal", charset="UTF-8"'


class InsecureConfigurationError(RuntimeError):
    """Production was asked for without a way to log in."""


def read_users(path: Path | None) -> dict[str, str]:
    """``user:hash`` lines (``#`` comments and blank lines allowed) -> {user: hash}."""
    if path is None:
        raise InsecureConfigurationError("WIJKSIGNAAL_USERS_FILE is nodig bij "
                                         "WIJKSIGNAAL_AUTH=basic")
    users = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and ":" in line:
            name, hashed = line.split(":", 1)
            users[name.strip()] = hashed.strip()
    if not users:
        raise InsecureConfigurationError(f"{path.name} bevat geen gebruikers")
    return users


def content_security_policy(script_hashes: list[str]) -> str:
    """A policy without inline-script holes: scripts only from this server or by hash.

    Styles allow 'unsafe-inline' because Plotly sets styles at run time; images allow data:
    and blob: for chart downloads.
    """
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _unauthorised(message: str, basic: bool) -> Response:
    response = Response(f"Inloggen vereist: {message}\n", status=401,
                        mimetype="text/plain")
    if basic:
        response.headers["WWW-Authenticate"] = REALM
    return response


def install_security(server: Flask, settings: DashboardSettings,
                     script_hashes: Callable[[], list[str]]) -> None:
    """Add login (per settings) and security headers to ``server``.

    Parameters
    ----------
    server
        The Dash app's Flask server.
    settings
        Dashboard settings (login mode, users file, proxy header and secret).
    script_hashes
        Returns the CSP hashes of Dash's inline scripts (``app.csp_hashes``); called at the
        first response, because Dash adds some inline scripts (page titles) while it sets
        itself up on the first request.
    """
    if settings.auth == "none" and settings.production:
        raise InsecureConfigurationError(
            "WIJKSIGNAAL_PRODUCTION=true vereist een login (WIJKSIGNAAL_AUTH=basic of proxy)")
    users = read_users(settings.users_file) if settings.auth == "basic" else {}
    if settings.auth == "none":
        log.warning("dashboard runs WITHOUT login: only for a demo on localhost")
    policy: list[str] = []

    @server.before_request
    def require_login() -> Response | None:
        if request.path in OPEN_PATHS or settings.auth == "none":
            return None
        if settings.auth == "basic":
            auth = request.authorization
            hashed = users.get(auth.username) if auth and auth.username else None
            if hashed is None or not check_password_hash(hashed, auth.password or ""):
                return _unauthorised("gebruikersnaam of wachtwoord onjuist", basic=True)
            g.user = auth.username
            return None
        secret = request.headers.get(PROXY_SECRET_HEADER, "")
        if settings.proxy_secret and not hmac.compare_digest(secret, settings.proxy_secret):
            return Response("Verzoek kwam niet via de inlogportal\n", status=403,
                            mimetype="text/plain")
        user = request.headers.get(settings.proxy_user_header, "").strip()
        if not user:
            return _unauthorised("log in via de portal van de gemeente", basic=False)
        g.user = user
        return None

    @server.after_request
    def add_security_headers(response: Response) -> Response:
        if not policy:
            policy.append(content_security_policy(list(script_hashes())))
        response.headers["Content-Security-Policy"] = policy[0]
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if request.path.startswith("/_dash-update-component"):
            response.headers["Cache-Control"] = "no-store"
        return response
