"""Tests for the SQL model runner (dependency order, cycles, views and tables) and the
contract every model file keeps: a comment header that states the grain."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from etl.sqlfiles import SQL_ROOT
from etl.sqlrun import MODEL_LAYERS, build_models, discover_models

MODEL_FILES = sorted(p for layer, _ in MODEL_LAYERS for p in (SQL_ROOT / layer).glob("*.sql"))
GRAIN = re.compile(r"^-- grain: one row per \S")


def write_models(root: Path, models: dict[str, str]) -> Path:
    """Write ``{"marts/name": "select ..."}`` as SQL files under ``root``."""
    for layer, _ in MODEL_LAYERS:
        (root / layer).mkdir(parents=True, exist_ok=True)
    for name, sql in models.items():
        (root / f"{name}.sql").write_text(f"-- {name}\n-- grain: one row per x\n{sql}\n",
                                          encoding="utf-8")
    return root


def relations(root: Path) -> list[str]:
    return [m.relation for m in discover_models(root)]


# --- discover_models -----------------------------------------------------------------------


def test_discover_models_puts_every_model_after_the_models_it_reads(tmp_path):
    # File names sort against the dependency order on purpose.
    root = write_models(tmp_path, {
        "marts/a_report": "select * from marts.b_totals join intermediate.z_step using (x)",
        "marts/b_totals": "select x from intermediate.z_step",
        "intermediate/z_step": "select x from intermediate.y_first",
        "intermediate/y_first": "select x from staging.stg_b",
        "staging/stg_b": "select x from staging.stg_a",
        "staging/stg_a": "select 1 as x",
    })
    order = relations(root)
    assert sorted(order) == sorted(["marts.a_report", "marts.b_totals", "intermediate.z_step",
                                    "intermediate.y_first", "staging.stg_b", "staging.stg_a"])
    for model in discover_models(root):
        for ref in model.references() - {model.relation}:
            assert order.index(ref) < order.index(model.relation), (ref, model.relation)


def test_discover_models_gives_each_layer_its_kind(tmp_path):
    root = write_models(tmp_path, {"staging/s": "select 1 as x", "intermediate/i": "select 1",
                                   "marts/m": "select 1"})
    kinds = {m.relation: m.kind for m in discover_models(root)}
    assert kinds == {"staging.s": "view", "intermediate.i": "view", "marts.m": "table"}


def test_discover_models_ignores_references_to_raw_tables_and_unknown_relations(tmp_path):
    root = write_models(tmp_path, {
        "staging/s": "select * from raw.signal",
        "marts/m": "select * from staging.s, marts.not_a_model",
    })
    assert relations(root) == ["staging.s", "marts.m"]


def test_discover_models_ignores_a_model_naming_itself(tmp_path):
    root = write_models(tmp_path, {"marts/m": "-- replaces marts.m\nselect 1 as x"})
    assert relations(root) == ["marts.m"]


def test_discover_models_raises_on_a_cycle(tmp_path):
    root = write_models(tmp_path, {
        "intermediate/a": "select * from intermediate.b",
        "intermediate/b": "select * from marts.c",
        "marts/c": "select * from intermediate.a",
    })
    with pytest.raises(RuntimeError, match="cycle"):
        discover_models(root)


def test_discover_models_ignores_files_outside_the_model_layers(tmp_path):
    root = write_models(tmp_path, {"staging/s": "select 1 as x"})
    (root / "publish").mkdir()
    (root / "publish" / "p.sql").write_text("select * from staging.s", encoding="utf-8")
    assert relations(root) == ["staging.s"]


# --- build_models --------------------------------------------------------------------------


def test_build_models_creates_views_and_tables_in_order(tmp_path):
    root = write_models(tmp_path, {
        "marts/total": "select sum(x) as total from intermediate.doubled",
        "intermediate/doubled": "select x * 2 as x from staging.numbers;",
        "staging/numbers": "select * from range(1, 4) as t(x)",
    })
    con = duckdb.connect(":memory:")
    for layer, _ in MODEL_LAYERS:
        con.execute(f"create schema {layer}")
    built = build_models(con, root)
    assert built == ["staging.numbers", "intermediate.doubled", "marts.total"]
    kinds = dict(con.execute("select table_schema || '.' || table_name, table_type "
                             "from information_schema.tables").fetchall())
    assert kinds == {"staging.numbers": "VIEW", "intermediate.doubled": "VIEW",
                     "marts.total": "BASE TABLE"}
    assert con.execute("select total from marts.total").fetchone() == (12,)


def test_build_models_views_only_leaves_the_marts_alone(tmp_path):
    root = write_models(tmp_path, {"staging/s": "select 1 as x", "marts/m": "select 2 as y"})
    con = duckdb.connect(":memory:")
    for layer, _ in MODEL_LAYERS:
        con.execute(f"create schema {layer}")
    assert build_models(con, root, views_only=True) == ["staging.s"]
    assert con.execute("select count(*) from information_schema.tables "
                       "where table_schema = 'marts'").fetchone() == (0,)


def test_build_models_drops_models_whose_file_is_gone(tmp_path):
    root = write_models(tmp_path, {"staging/s": "select 1 as x", "marts/m": "select 2 as y"})
    con = duckdb.connect(":memory:")
    for layer, _ in MODEL_LAYERS:
        con.execute(f"create schema {layer}")
    con.execute("create view intermediate.retired as select 1 as x")
    con.execute("create table marts.retired as select 1 as x")
    build_models(con, root, views_only=True)  # a job's cheap view refresh drops nothing
    assert con.execute("select count(*) from duckdb_views() "
                       "where view_name = 'retired'").fetchone() == (1,)
    build_models(con, root)
    names = {row[0] for row in con.execute(
        "select table_schema || '.' || table_name from information_schema.tables").fetchall()}
    assert names == {"staging.s", "marts.m"}


def test_real_models_are_found_in_dependency_order():
    models = discover_models()
    order = [m.relation for m in models]
    assert len(order) == len(MODEL_FILES)
    for model in models:
        for ref in model.references() & set(order) - {model.relation}:
            assert order.index(ref) < order.index(model.relation)


# --- the contract of every model file ------------------------------------------------------


def header_lines(path: Path) -> list[str]:
    """The comment lines a file opens with."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line)
    return lines


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_model_opens_with_a_comment_header_stating_its_grain(path):
    header = header_lines(path)
    assert header, "no comment header"
    assert not header[0].startswith("-- grain"), "the header starts with what the model is for"
    assert any(GRAIN.match(line) for line in header), "no '-- grain: one row per ...' line"


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_model_is_one_select_named_like_its_layer(path):
    body = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("--"))
    assert re.match(r"\s*(with|select)\b", body), "a model is one select (with CTEs)"
    code = re.sub(r"'[^']*'", "''", body)  # semicolons inside string literals are text
    assert ";" not in code.strip().rstrip(";"), "one statement per file"
    if path.parent.name == "staging":
        assert path.stem.startswith("stg_")
    if path.parent.name == "intermediate":
        assert path.stem.startswith("int_")
