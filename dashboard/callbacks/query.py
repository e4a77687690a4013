"""Reading page state from the URL query string, shared by the pages with a month picker."""

from __future__ import annotations

from datetime import date


def month_from_query(query: dict, months: tuple[date, ...]) -> date | None:
    """The month in ``?maand=2026-10`` if the data has it, else the latest month (or None).

    A bookmarked URL can name a month that is no longer published, or be mistyped; the page
    then opens on the latest month instead of failing.
    """
    default_month = months[-1] if months else None
    try:
        month = date.fromisoformat(f"{query.get('maand')}-01") if query.get("maand") \
            else default_month
    except ValueError:
        return default_month
    return month if month in months else default_month
