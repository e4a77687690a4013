"""Open the published file read-only and notice when the ETL swaps in a new one.

The ETL replaces the file with an atomic rename, so an open connection keeps reading the
old inode; checking the file's identity before each query lets every worker switch to the
new data without a restart.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

log = logging.getLogger(__name__)

SQL_ROOT = Path(__file__).resolve().parents[2] / "sql" / "dashboard"
REQUIRED_TABLES = frozenset({"meta", "area", "signals_window_area", "indicators_year"})


class DataUnavailable(RuntimeError):
    """The published file is missing or unreadable; the UI shows a Dutch error page."""


@dataclass(frozen=True)
class FileIdentity:
    """What changes when the ETL publishes: inode, size and modification time."""

    inode: int
    size: int
    mtime_ns: int


@cache
def read_query(name: str) -> str:
    """Text of ``sql/dashboard/<name>.sql``."""
    return (SQL_ROOT / f"{name}.sql").read_text(encoding="utf-8")


class PublishedData:
    """A read-only connection to the published file that follows atomic replacements."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._identity: FileIdentity | None = None

    def identity(self) -> FileIdentity:
        """The current file's identity; raises :class:`DataUnavailable` when it is missing."""
        try:
            st = os.stat(self.path)
        except OSError as exc:
            raise DataUnavailable(f"gepubliceerd bestand ontbreekt: {self.path.name}") from exc
        return FileIdentity(st.st_ino, st.st_size, st.st_mtime_ns)

    def _connect(self) -> duckdb.DuckDBPyConnection:
        identity = self.identity()
        with self._lock:
            if self._con is None or identity != self._identity:
                if self._con is not None:
                    self._con.close()
                    self._con = None
                try:
                    con = duckdb.connect(str(self.path), read_only=True)
                    tables = {r[0] for r in con.execute(
                        "select table_name from information_schema.tables").fetchall()}
                except duckdb.Error as exc:
                    raise DataUnavailable(
                        f"gepubliceerd bestand is onleesbaar ({type(exc).__name__})") from exc
                missing = REQUIRED_TABLES - tables
                if missing:
                    con.close()
                    raise DataUnavailable("gepubliceerd bestand is onvolledig: "
                                          + ", ".join(sorted(missing)))
                self._con, self._identity = con, identity
                log.info("opened published data %s", self.path.name)
            return self._con.cursor()

    def query(self, name: str, **params: object) -> pd.DataFrame:
        """Run ``sql/dashboard/<name>.sql`` with named parameters.

        Parameters
        ----------
        name
            Query file name without ``.sql``.
        **params
            Values for the query's ``$name`` parameters.

        Returns
        -------
        pandas.DataFrame
            The result.
        """
        cursor = self._connect()
        try:
            return cursor.execute(read_query(name), params).fetchdf()
        except duckdb.Error as exc:
            raise DataUnavailable(f"query {name} mislukt ({type(exc).__name__})") from exc
        finally:
            cursor.close()

    def version(self) -> FileIdentity:
        """Identity of the data, used to key caches so they follow a new publication."""
        return self.identity()


_published: PublishedData | None = None


def configure(path: str | Path) -> PublishedData:
    """Point the dashboard at a published file (once, at start-up; tests may call it again)."""
    global _published
    _published = PublishedData(path)
    return _published


def published() -> PublishedData:
    """The configured published data."""
    if _published is None:
        raise DataUnavailable("dashboard is niet geconfigureerd met een gepubliceerd bestand")
    return _published
