"""Build the warehouse's models from ``sql/``: staging and intermediate as views, marts as
tables, each named after its file in a schema named after its folder.

Files reference each other schema-qualified (``intermediate.int_signals__placed``), which is
all the runner needs to put them in dependency order.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import duckdb

from etl.sqlfiles import SQL_ROOT

log = logging.getLogger(__name__)

MODEL_LAYERS: tuple[tuple[str, str], ...] = (
    ("staging", "view"),
    ("intermediate", "view"),
    ("marts", "table"),
)
_REFERENCE = re.compile(r"\b(staging|intermediate|marts)\.([a-z_][a-z0-9_]*)\b")


@dataclass(frozen=True)
class Model:
    """One SQL file that becomes a view or table."""

    schema: str
    name: str
    kind: str
    path: Path

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.name}"

    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def references(self) -> set[str]:
        return {f"{schema}.{name}" for schema, name in _REFERENCE.findall(self.sql())}


def discover_models(root: Path = SQL_ROOT) -> list[Model]:
    """All models under ``root`` in an order where every model follows what it reads.

    Returns
    -------
    list of Model
        Dependency-ordered models.
    """
    models = {
        m.relation: m
        for schema, kind in MODEL_LAYERS
        for m in (Model(schema, p.stem, kind, p) for p in sorted((root / schema).glob("*.sql")))
    }
    graph = {rel: {r for r in m.references() if r in models and r != rel}
             for rel, m in models.items()}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise RuntimeError(f"sql models reference each other in a cycle: {exc.args[1]}") from exc
    return [models[rel] for rel in order]


def build_models(
    con: duckdb.DuckDBPyConnection, root: Path = SQL_ROOT, *, views_only: bool = False
) -> list[str]:
    """(Re)create every model in dependency order.

    Parameters
    ----------
    con
        Warehouse connection (inside the run's transaction, so a failure rolls back).
    root
        The ``sql/`` folder.
    views_only
        Only (re)create the staging and intermediate views (cheap; jobs read them).

    Returns
    -------
    list of str
        The relations built, in order.
    """
    built = []
    models = discover_models(root)
    for model in models:
        if views_only and model.kind != "view":
            continue
        body = model.sql().strip().rstrip(";")
        con.execute(f"create or replace {model.kind} {model.relation} as\n{body}")
        built.append(model.relation)
    if not views_only:
        _drop_retired_models(con, {m.relation for m in models})
    log.info("built %d sql models", len(built))
    return built


def _drop_retired_models(con: duckdb.DuckDBPyConnection, current: set[str]) -> None:
    """Drop models whose SQL file is gone, so a warehouse does not keep stale relations
    that nothing rebuilds (and that could be read by mistake)."""
    schemas = [schema for schema, _kind in MODEL_LAYERS]
    rows = con.execute(
        "select schema_name, view_name, 'view' from duckdb_views() "
        "where database_name = current_database() and schema_name in ? "
        "union all select schema_name, table_name, 'table' from duckdb_tables() "
        "where database_name = current_database() and schema_name in ?",
        [schemas, schemas],
    ).fetchall()
    for schema, name, kind in rows:
        if f"{schema}.{name}" not in current:
            con.execute(f"drop {kind} if exists {schema}.{name}")
            log.info("dropped retired model %s.%s", schema, name)
