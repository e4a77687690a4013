"""``/healthz``: is the published data there and readable, and how recent is it?"""

from __future__ import annotations

from flask import Flask, jsonify

from dashboard.data.meta import read_meta
from dashboard.data.published import DataUnavailable


def register_health(server: Flask) -> None:
    """Add ``GET /healthz``: 200 with the data's last month, or 503 when unavailable."""

    @server.get("/healthz")
    def healthz():
        try:
            meta = read_meta()
        except DataUnavailable as exc:
            return jsonify({"status": "unavailable", "reason": str(exc)}), 503
        return jsonify({
            "status": "ok",
            "last_month": meta.last_month.isoformat() if meta.last_month else None,
            "published_at": meta.published_at,
            "is_demo": meta.is_demo,
        })
