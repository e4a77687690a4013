"""What every page's frame shows about the data: demo banner, publication date, last month."""

from __future__ import annotations

from dashboard import i18n
from dashboard.data.meta import Meta


def shell_kwargs(meta: Meta, path: str) -> dict:
    """Keyword arguments for :func:`dashboard.layout.shell.page` from the data's metadata."""
    return {
        "is_demo": meta.is_demo,
        "path": path,
        "published_at": meta.published_at[:10],
        "last_month_text": i18n.month_name(meta.last_month) if meta.last_month else "",
    }
