"""Dashboard settings, read from the environment once (also under gunicorn).

Every setting is declared here with its default and help text; a test checks that each one
is documented in the README.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    """One environment variable the dashboard understands."""

    name: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("WIJKSIGNAAL_PUBLISHED", "data/published.duckdb",
            "Path of the published DuckDB file the dashboard reads (read-only)."),
    Setting("WIJKSIGNAAL_AUTH", "none",
            "Login: `none` (demo on localhost only), `basic` (HTTP basic auth with hashed "
            "passwords) or `proxy` (trust a user header set by an SSO reverse proxy)."),
    Setting("WIJKSIGNAAL_USERS_FILE", None,
            "With `basic`: file of `user:hash` lines (hashes from "
            "`python -m dashboard hash-password`)."),
    Setting("WIJKSIGNAAL_PROXY_USER_HEADER", "X-Forwarded-User",
            "With `proxy`: the header that carries the authenticated user."),
    Setting("WIJKSIGNAAL_PROXY_SECRET", None,
            "With `proxy`: shared secret the proxy sends in `X-Wijksignaal-Proxy-Secret`, so "
            "requests that bypass the proxy are refused."),
    Setting("WIJKSIGNAAL_PRODUCTION", "false",
            "`true` refuses to start without login (`WIJKSIGNAAL_AUTH` other than `none`)."),
)


@dataclass(frozen=True)
class DashboardSettings:
    """The dashboard's configuration as typed values."""

    published: Path
    auth: str
    users_file: Path | None
    proxy_user_header: str
    proxy_secret: str | None
    production: bool


def read_settings(environ: Mapping[str, str] | None = None) -> DashboardSettings:
    """Read all dashboard settings from the environment (or a given mapping, for tests).

    Parameters
    ----------
    environ
        Mapping to read instead of ``os.environ``.

    Returns
    -------
    DashboardSettings
        Typed settings with the declared defaults filled in.
    """
    env = os.environ if environ is None else environ
    values = {s.name: env.get(s.name, s.default) for s in SETTINGS}
    auth = str(values["WIJKSIGNAAL_AUTH"]).lower()
    if auth not in ("none", "basic", "proxy"):
        raise ValueError(f"WIJKSIGNAAL_AUTH must be none, basic or proxy, not {auth!r}")
    users = values["WIJKSIGNAAL_USERS_FILE"]
    return DashboardSettings(
        published=Path(str(values["WIJKSIGNAAL_PUBLISHED"])),
        auth=auth,
        users_file=Path(users) if users else None,
        proxy_user_header=str(values["WIJKSIGNAAL_PROXY_USER_HEADER"]),
        proxy_secret=values["WIJKSIGNAAL_PROXY_SECRET"] or None,
        production=str(values["WIJKSIGNAAL_PRODUCTION"]).lower() in ("1", "true", "ja", "yes"),
    )
