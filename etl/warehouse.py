"""Open the DuckDB warehouse: one writer at a time, schemas and raw tables in place."""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb

from etl.errors import EtlError
from etl.sqlfiles import SQL_ROOT

log = logging.getLogger(__name__)


def open_warehouse(path: str | Path, memory_limit: str | None = None
                   ) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the warehouse file and make sure the raw tables exist.

    Parameters
    ----------
    path
        The warehouse DuckDB file; its folder is created when missing.
    memory_limit
        DuckDB's ``memory_limit`` (``1GB``); by default DuckDB takes 80 % of the machine,
        which a national run would fill with cached pages. Beyond the limit it spills to
        ``<warehouse>.tmp``.

    Returns
    -------
    duckdb.DuckDBPyConnection
        A read-write connection. DuckDB's file lock keeps a second ETL run out.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        raise EtlError(f"warehouse cannot be opened ({exc})", path) from exc
    except duckdb.Error as exc:
        raise EtlError(f"warehouse is not a readable DuckDB file ({exc})", path) from exc
    # The CLI draws its own progress; DuckDB's bar would garble logs and reports.
    con.execute("set enable_progress_bar = false")
    if memory_limit is not None:
        try:
            con.execute(f"set memory_limit = '{memory_limit.replace(chr(39), '')}'")
        except duckdb.Error as exc:
            con.close()
            raise EtlError(f"WIJKSIGNAAL_MEMORY_LIMIT {memory_limit!r} is geen geldige "
                           "geheugengrens (bijvoorbeeld 1GB of 1500MB)") from exc
    for ddl in sorted((SQL_ROOT / "raw").glob("*.sql")):
        con.execute(ddl.read_text(encoding="utf-8"))
    return con
