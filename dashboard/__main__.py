"""``python -m dashboard --published P --port N``: serve the app with gunicorn."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

from gunicorn.app.base import BaseApplication
from werkzeug.security import generate_password_hash


class _Gunicorn(BaseApplication):
    """Run gunicorn in-process with options from the command line."""

    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from dashboard.app import server

        return server


def hash_password() -> int:
    """Print a password hash for WIJKSIGNAAL_USERS_FILE (the password is read, not echoed)."""
    password = getpass.getpass("Wachtwoord: ") if sys.stdin.isatty() else sys.stdin.readline()
    password = password.rstrip("\n")
    if len(password) < 12:
        print("fout: kies een wachtwoord van minstens 12 tekens", file=sys.stderr)
        return 1
    print(generate_password_hash(password))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, put them in the environment, start gunicorn."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["hash-password"]:
        return hash_password()
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Serve the Wijksignaal dashboard (`python -m dashboard hash-password` "
                    "makes a password hash for WIJKSIGNAAL_USERS_FILE).")
    parser.add_argument("--published", help="published DuckDB file (WIJKSIGNAAL_PUBLISHED)")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if args.published:
        os.environ["WIJKSIGNAAL_PUBLISHED"] = args.published
    print(f"Wijksignaal draait op http://{args.host}:{args.port}/", flush=True)
    _Gunicorn({"bind": f"{args.host}:{args.port}", "workers": args.workers,
               "accesslog": "-", "timeout": 60, "preload_app": True}).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
