"""``python -m dashboard --published P --port N``: serve the app with gunicorn."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from gunicorn.app.base import BaseApplication


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


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, put them in the environment, start gunicorn."""
    parser = argparse.ArgumentParser(prog="python -m dashboard",
                                     description="Serve the Wijksignaal dashboard.")
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
