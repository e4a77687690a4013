"""Access to the named SQL files in ``sql/``, so no SQL text is written inside Python."""

from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_ROOT = Path(__file__).resolve().parents[1] / "sql"


@cache
def read_sql(name: str) -> str:
    """Return the text of ``sql/<name>`` (e.g. ``"load/insert_signals.sql"``).

    Parameters
    ----------
    name
        Path relative to the ``sql/`` folder.

    Returns
    -------
    str
        The statement text.
    """
    return (SQL_ROOT / name).read_text(encoding="utf-8")
