"""Login modes and security headers, on a plain Flask app with the dashboard's hooks."""

from __future__ import annotations

import base64
import subprocess
import sys

import pytest
from flask import Flask
from werkzeug.security import generate_password_hash

from dashboard.security import (
    PROXY_SECRET_HEADER,
    InsecureConfigurationError,
    content_security_policy,
    install_security,
)
from dashboard.settings import read_settings


def _app(tmp_path, **env) -> Flask:
    app = Flask(__name__)
    app.add_url_rule("/", "index", lambda: "ok")
    app.add_url_rule("/healthz", "health", lambda: "ok")
    install_security(app, read_settings(env), lambda: ["'sha256-abc='"])
    return app


def _basic(user: str, password: str) -> dict:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture()
def users_file(tmp_path):
    path = tmp_path / "users"
    path.write_text("# wijkteam\nanalist:" + generate_password_hash("geheim wachtwoord") + "\n")
    return path


def test_basic_auth_lets_a_known_user_in_and_keeps_others_out(tmp_path, users_file):
    client = _app(tmp_path, WIJKSIGNAAL_AUTH="basic",
                  WIJKSIGNAAL_USERS_FILE=str(users_file)).test_client()
    assert client.get("/").status_code == 401
    assert client.get("/").headers["WWW-Authenticate"].startswith("Basic")
    assert client.get("/", headers=_basic("analist", "fout")).status_code == 401
    assert client.get("/", headers=_basic("onbekend", "geheim wachtwoord")).status_code == 401
    assert client.get("/", headers=_basic("analist", "geheim wachtwoord")).status_code == 200


def test_health_check_stays_open_for_the_load_balancer(tmp_path, users_file):
    client = _app(tmp_path, WIJKSIGNAAL_AUTH="basic",
                  WIJKSIGNAAL_USERS_FILE=str(users_file)).test_client()
    assert client.get("/healthz").status_code == 200


def test_proxy_mode_trusts_the_user_header_only_with_the_proxy_secret(tmp_path):
    client = _app(tmp_path, WIJKSIGNAAL_AUTH="proxy", WIJKSIGNAAL_PROXY_SECRET="s3cr3t",
                  WIJKSIGNAAL_PROXY_USER_HEADER="X-Remote-User").test_client()
    assert client.get("/", headers={"X-Remote-User": "j.jansen"}).status_code == 403
    assert client.get("/", headers={PROXY_SECRET_HEADER: "s3cr3t"}).status_code == 401
    ok = client.get("/", headers={PROXY_SECRET_HEADER: "s3cr3t", "X-Remote-User": "j.jansen"})
    assert ok.status_code == 200


def test_production_refuses_to_run_without_login(tmp_path):
    with pytest.raises(InsecureConfigurationError):
        _app(tmp_path, WIJKSIGNAAL_PRODUCTION="true")
    with pytest.raises(InsecureConfigurationError):
        _app(tmp_path, WIJKSIGNAAL_AUTH="basic")


def test_every_response_carries_the_security_headers(tmp_path):
    response = _app(tmp_path).test_client().get("/")
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "'sha256-abc='" in headers["Content-Security-Policy"]


def test_the_policy_has_no_inline_script_or_eval_hole():
    policy = content_security_policy(["'sha256-x='"])
    script = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert "unsafe-inline" not in script and "unsafe-eval" not in script


def test_the_real_app_serves_a_strict_policy_and_no_debug_tools(client):
    response = client.get("/")
    assert "script-src 'self' 'sha256-" in response.headers["Content-Security-Policy"]
    assert b"_dash-dev-tools" not in response.data
    assert b'"debug": true' not in response.data


def test_hash_password_prints_a_hash_that_checks(tmp_path):
    from werkzeug.security import check_password_hash

    out = subprocess.run([sys.executable, "-m", "dashboard", "hash-password"],
                         input="een lang wachtwoord\n", capture_output=True, text=True,
                         check=True)
    assert check_password_hash(out.stdout.strip(), "een lang wachtwoord")
