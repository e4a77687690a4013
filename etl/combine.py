"""Combine several municipalities' published files into one shared, read-only file.

Under the Wgs each gemeente keeps its own warehouse: personal data (even pseudonymised) may
not be pooled. What may be pooled is what each gemeente already publishes: aggregates after
its own disclosure control. This module therefore only ever reads published files (it
refuses a warehouse), checks that they fit together (the same ETL version, the same
disclosure rules, no gemeente or area published twice), and writes their union with the
SQL in ``sql/combine/``, either as one DuckDB file or as one Parquet file per table plus a
small DuckDB file of views over them, so the unchanged dashboard reads either. Like
:mod:`etl.publish`, the new file is written beside the old one and swapped in with an
atomic rename; a failure leaves the previous shared file as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl.errors import EtlError
from etl.publish import PUBLISHED_TABLES
from etl.sqlfiles import SQL_ROOT, read_sql

log = logging.getLogger(__name__)

#: Relations every published file has and the combine step unions (sql/combine/<name>.sql).
INPUT_TABLES: tuple[str, ...] = (*PUBLISHED_TABLES, "meta")
#: Relations the shared file holds: the published ones plus where they came from.
COMBINED_TABLES: tuple[str, ...] = (*INPUT_TABLES, "source_publication")
#: Views built inside the file from ``sql/publish_views`` (not copied from the inputs).
CONTRACT_VIEWS: tuple[str, ...] = tuple(
    sorted(path.stem for path in (SQL_ROOT / "publish_views").glob("*.sql")))
#: Schemas only a warehouse has: personal-level data that must never be pooled.
WAREHOUSE_SCHEMAS = frozenset({"raw", "staging", "intermediate", "marts", "analytics"})
PARQUET_VERSION_PREFIX = "v"


@dataclass(frozen=True)
class Publication:
    """One municipal published file, as far as combining needs to know it."""

    path: Path
    gemeente_code: str
    threshold: str
    min_households: str
    columns: dict[str, tuple[str, ...]]
    area_codes: frozenset[str]
    gemeenten: frozenset[str]


@dataclass(frozen=True)
class CombineResult:
    """What was written: the file the dashboard opens and, in Parquet mode, the files."""

    published: Path
    gemeenten: tuple[str, ...]
    rows: dict[str, int]
    parquet_files: tuple[Path, ...] = ()


def _quote(text: str | Path) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _remove(path: Path) -> None:
    """Delete a leftover file or folder of an earlier run, if it is there."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def read_publication(path: str | Path) -> Publication:
    """What a published file holds, read-only; refuses anything that is not one.

    Parameters
    ----------
    path
        A file written by ``etl.publish`` (``--published`` of a municipal installation).

    Returns
    -------
    Publication
        Its gemeente, disclosure rules, relations with their columns and its area codes.
    """
    path = Path(path)
    if not path.is_file():
        raise EtlError(f"{path}: bestand niet gevonden")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise EtlError(f"{path}: geen leesbaar DuckDB-bestand ({type(exc).__name__})") from exc
    try:
        relations = con.execute(read_sql("combine_checks/relations.sql")).fetchall()
        schemas = {schema for schema, _, _, _ in relations}
        if schemas & WAREHOUSE_SCHEMAS:
            raise EtlError(f"{path}: dit is een warehouse; alleen gepubliceerde bestanden "
                           "(geaggregeerd en onderdrukt) mogen worden samengevoegd")
        # Column names, not types: DuckDB types a column of an empty table differently, and
        # the union gives every column the type of the gemeenten that have data.
        columns = {name: tuple(column.rsplit(" ", 1)[0] for column in cols)
                   for schema, name, _, cols in relations if schema == "main"}
        missing = [name for name in (*INPUT_TABLES, *CONTRACT_VIEWS) if name not in columns]
        if missing:
            raise EtlError(f"{path}: geen volledig gepubliceerd Wijksignaal-bestand (ontbreekt: "
                           + ", ".join(missing) + ")")
        unknown = sorted(set(columns) - set(INPUT_TABLES) - set(CONTRACT_VIEWS))
        if unknown:
            raise EtlError(f"{path}: onbekende tabel(len) {', '.join(unknown)}; samenvoegen "
                           "kent alleen de tabellen van deze versie (sql/combine/)")
        meta = dict(con.execute(read_sql("combine_checks/meta.sql")).fetchall())
        codes = con.execute(read_sql("combine_checks/area_codes.sql")).fetchall()
    finally:
        con.close()
    gemeente = meta.get("gemeente_code", "")
    gemeenten = {g for _, g in codes if g} | ({gemeente} if gemeente not in ("", "*") else set())
    return Publication(path=path, gemeente_code=gemeente,
                       threshold=meta.get("disclosure_threshold", ""),
                       min_households=meta.get("min_households", ""),
                       columns={name: columns[name] for name in INPUT_TABLES},
                       area_codes=frozenset(code for code, _ in codes),
                       gemeenten=frozenset(gemeenten))


def check_compatible(publications: list[Publication]) -> None:
    """Raise :class:`EtlError` naming the file when the publications cannot be combined.

    Parameters
    ----------
    publications
        The files to combine, in command-line order; the first is the reference.
    """
    first = publications[0]
    seen: dict[Path, Path] = {}
    for publication in publications:
        resolved = publication.path.resolve()
        if resolved in seen:
            raise EtlError(f"{publication.path}: twee keer opgegeven")
        seen[resolved] = publication.path
    for publication in publications[1:]:
        for table in INPUT_TABLES:
            if publication.columns[table] != first.columns[table]:
                raise EtlError(f"{publication.path}: tabel {table} heeft andere kolommen dan in "
                               f"{first.path} (gepubliceerd door een andere versie van de ETL?)")
        for key, value, reference in (
                ("drempel voor onderdrukking", publication.threshold, first.threshold),
                ("minimum aantal huishoudens", publication.min_households,
                 first.min_households)):
            if value != reference:
                raise EtlError(f"{publication.path}: {key} is {value}, in {first.path} "
                               f"{reference}; alleen bestanden met dezelfde regels mogen samen")
    _refuse_twice(publications, lambda p: p.gemeenten, "gemeente",
                  "elke gemeente mag maar één keer meedoen")
    _refuse_twice(publications, lambda p: p.area_codes, "gebiedscode",
                  "gebiedscodes moeten uniek zijn")


def _refuse_twice(publications: list[Publication],
                  codes_of: Callable[[Publication], frozenset[str]], what: str,
                  rule: str) -> None:
    """Fail on the first code that two inputs both publish, naming both files."""
    owners: dict[str, Path] = {}
    for publication in publications:
        for code in sorted(codes_of(publication)):
            if code in owners:
                raise EtlError(f"{publication.path}: {what} {code} staat ook in "
                               f"{owners[code]}; {rule}")
            owners[code] = publication.path


def _attach_inputs(con: duckdb.DuckDBPyConnection, publications: list[Publication]) -> None:
    """Attach every input read-only and expose each table's union as ``inputs.<table>``.

    Each row carries the position of its file (``source_index``), which
    ``sql/combine_inputs/publication.sql`` turns into the file's gemeente.
    """
    for index, publication in enumerate(publications):
        con.execute(f"attach {_quote(publication.path.resolve())} as input_{index} "
                    "(read_only)")
    con.execute("create schema inputs")
    for table in INPUT_TABLES:
        union = "\nunion all by name\n".join(
            f"select {index} as source_index, * from input_{index}.main.{table}"
            for index in range(len(publications)))
        con.execute(f"create view inputs.{table} as\n{union}")
    con.register("combine_source_file", pd.DataFrame({
        "source_index": range(len(publications)),
        "source_file": [str(p.path) for p in publications]}))
    for view in ("publication", "delivery_id"):
        body = read_sql(f"combine_inputs/{view}.sql").strip().rstrip(";")
        con.execute(f"create view inputs.{view} as\n{body}")


def _create_contract_views(con: duckdb.DuckDBPyConnection) -> None:
    """The contract views of ``sql/publish_views``, inside the file so their names resolve."""
    for view in CONTRACT_VIEWS:
        body = read_sql(f"publish_views/{view}.sql").strip().rstrip(";")
        con.execute(f"create view {view} as\n{body}")


def _write_tables(publications: list[Publication], path: Path, published_at: str,
                  memory_limit: str) -> dict[str, int]:
    """Write every combined table into a new DuckDB file at ``path``; return row counts."""
    # Beyond the memory limit DuckDB spills to a folder beside the new file, not the cwd.
    spill = path.with_name(path.name + ".spill")
    con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": str(spill)})
    try:
        con.execute("set enable_progress_bar = false")
        _attach_inputs(con, publications)
        con.execute(f"attach {_quote(path)} as combine_target")
        params = {"published_at": published_at}
        rows = {}
        for table in COMBINED_TABLES:
            body = read_sql(f"combine/{table}.sql").strip().rstrip(";")
            used = {k: v for k, v in params.items() if f"${k}" in body}
            con.execute(f"create table combine_target.main.{table} as\n{body}", used)
            rows[table] = con.execute(
                f"select count(*) from combine_target.main.{table}").fetchone()[0]
        con.execute("detach combine_target")
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
    out = duckdb.connect(str(path))
    try:
        _create_contract_views(out)
        out.execute("checkpoint")
    finally:
        out.close()
    return rows


def _export_parquet(database: Path, folder: Path) -> tuple[Path, ...]:
    """One zstd-compressed Parquet file per combined table, in the tables' sort order."""
    folder.mkdir(parents=True)
    con = duckdb.connect(str(database), read_only=True)
    files = []
    try:
        for table in COMBINED_TABLES:
            target = folder / f"{table}.parquet"
            con.execute(f"copy main.{table} to {_quote(target)} "
                        "(format parquet, compression zstd)")
            files.append(target)
    finally:
        con.close()
    return tuple(files)


def _write_parquet_version(publications: list[Publication], version_folder: Path,
                           published_at: str, memory_limit: str
                           ) -> tuple[dict[str, int], tuple[Path, ...]]:
    """The combined tables as Parquet files in a new ``version_folder``, by way of a staging
    DuckDB file beside it (the same tables the single-file mode writes)."""
    folder = version_folder.parent
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob(f".{PARQUET_VERSION_PREFIX}*.duckdb*"):
        _remove(leftover)
    staging = folder / f".{version_folder.name}.duckdb"
    try:
        rows = _write_tables(publications, staging, published_at, memory_limit)
        return rows, _export_parquet(staging, version_folder)
    finally:
        _remove(staging)
        _remove(staging.with_name(staging.name + ".wal"))


def _write_view_file(path: Path, location: str) -> None:
    """A DuckDB file whose tables are views over ``<location>/<table>.parquet``."""
    con = duckdb.connect(str(path))
    try:
        for table in COMBINED_TABLES:
            source = f"{location.rstrip('/')}/{table}.parquet"
            con.execute(f"create view {table} as select * from read_parquet({_quote(source)})")
        _create_contract_views(con)
        con.execute("checkpoint")
    finally:
        con.close()


def _swap_in(tmp: Path, target: Path) -> None:
    """Make ``tmp`` durable and read-only, then rename it over ``target`` (atomic)."""
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    tmp.chmod(0o444)
    tmp.replace(target)
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _referenced_versions(path: Path, folder: Path) -> set[str]:
    """Parquet version folders the current view file at ``path`` reads (none if no file)."""
    if not path.exists():
        return set()
    try:
        con = duckdb.connect(str(path), read_only=True)
        try:
            definitions = " ".join(row[0] or "" for row in con.execute(
                "select sql from duckdb_views() where not internal").fetchall())
        finally:
            con.close()
    except duckdb.Error:
        return set()
    return {version.name for version in folder.glob(f"{PARQUET_VERSION_PREFIX}*")
            if version.name in definitions}


def combine(
    inputs: list[str | Path],
    published_path: str | Path,
    *,
    parquet_dir: str | Path | None = None,
    parquet_location: str | None = None,
    memory_limit: str = "1GB",
) -> CombineResult:
    """Combine municipal published files into one shared file and swap it in atomically.

    Parameters
    ----------
    inputs
        Published files of the gemeenten (never warehouses), at least one.
    published_path
        The shared file the dashboard opens (replaced atomically).
    parquet_dir
        With a folder: write one Parquet file per table into a new version folder in it,
        and make ``published_path`` a small file of views over them. The previous version
        stays until the next run, for dashboard workers still reading it; older ones are
        removed, so a folder serves one shared file only.
    parquet_location
        Where the dashboard will find the version folders, if not at ``parquet_dir`` (for
        instance a mount point, or an object-storage URL the files are copied to).
    memory_limit
        DuckDB memory limit while combining.

    Returns
    -------
    CombineResult
        The shared file, the gemeenten it holds, row counts per table and any Parquet files.
    """
    if not inputs:
        raise EtlError("geen gepubliceerde bestanden opgegeven")
    target = Path(published_path).resolve()
    publications = [read_publication(path) for path in inputs]
    if any(p.path.resolve() == target for p in publications):
        raise EtlError(f"{published_path}: het gedeelde bestand is ook een invoerbestand")
    check_compatible(publications)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Leftovers of a run that was killed halfway; one combine writes a target at a time.
    for leftover in target.parent.glob(f".{target.name}.tmp-*"):
        _remove(leftover)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    now = datetime.now(UTC)
    published_at = now.isoformat(timespec="seconds")
    version_folder: Path | None = None
    parquet_files: tuple[Path, ...] = ()
    try:
        if parquet_dir is None:
            rows = _write_tables(publications, tmp, published_at, memory_limit)
        else:
            folder = Path(parquet_dir).resolve()
            version_folder = folder / (f"{PARQUET_VERSION_PREFIX}{now:%Y%m%dT%H%M%S%f}-"
                                       f"{os.getpid()}")
            rows, parquet_files = _write_parquet_version(publications, version_folder,
                                                         published_at, memory_limit)
            location = (parquet_location or str(folder)).rstrip("/")
            _write_view_file(tmp, f"{location}/{version_folder.name}")
            keep = _referenced_versions(target, folder) | {version_folder.name}
        _swap_in(tmp, target)
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        if version_folder is not None:
            shutil.rmtree(version_folder, ignore_errors=True)
        raise
    if version_folder is not None:
        for old in version_folder.parent.glob(f"{PARQUET_VERSION_PREFIX}*"):
            if old.is_dir() and old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)
    gemeenten = tuple(sorted(g for p in publications for g in p.gemeenten))
    log.info("combined %d published files (%d gemeenten) into %s", len(publications),
             len(gemeenten), target.name)
    return CombineResult(target, gemeenten, rows, parquet_files)
