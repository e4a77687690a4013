"""Compress responses: a first visit downloads Plotly, React and the grid (about 7 MB raw,
under 2 MB with Brotli), and map recolours are JSON that shrinks several-fold.

Brotli level 6 compresses the 4.7 MB Plotly bundle to 1.2 MB in about 0.1 s; higher levels
gain little and cost seconds. The bundles are fingerprinted and cached by the browser for a
year, so a visitor pays that once.
"""

from __future__ import annotations

from flask import Flask
from flask_compress import Compress


def enable_compression(server: Flask) -> None:
    """Brotli (gzip for clients without it) for every response worth compressing."""
    server.config.update(
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_BR_LEVEL=6,
        COMPRESS_LEVEL=6,
        COMPRESS_MIN_SIZE=1024,
        COMPRESS_MIMETYPES=["text/html", "text/css", "application/javascript",
                            "text/javascript", "application/json", "image/svg+xml"],
    )
    Compress(server)
