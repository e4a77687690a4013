"""One ETL command as one warehouse transaction: all of it lands, or none of it does.

The run is recorded (started, then ok or failed) outside the transaction, so even a failed
run leaves a trace; the published file is only replaced after the transaction committed.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import TracebackType

import duckdb

from etl.errors import EtlError
from etl.jobs.analytics import refresh_analytics
from etl.load import finish_run, start_run
from etl.memory import release_unused_memory
from etl.publish import DisclosureRules, publish
from etl.report import LoadReport
from etl.settings import EtlSettings
from etl.sqlrun import build_models
from etl.stage_timer import timed_stage
from etl.warehouse import open_warehouse

log = logging.getLogger(__name__)


def describe_failure(exc: BaseException) -> str:
    """A failure in words safe to store: our own messages in full, others by type only.

    Messages of library errors may quote a value from the data (a name that did not parse
    as a number), so they are never written down.
    """
    if isinstance(exc, EtlError):
        return str(exc)
    return f"onverwachte fout ({type(exc).__name__})"


class WarehouseRun:
    """Context manager: open the warehouse, record the run, run everything in a transaction.

    On a clean exit the models are rebuilt and the transaction commits; on an exception it
    rolls back and the run is recorded as failed.
    """

    def __init__(self, warehouse: str | Path, command: str, settings: EtlSettings,
                 stages: dict[str, float] | None = None) -> None:
        self.warehouse = Path(warehouse)
        self.command = command
        self.settings = settings
        self.stages = stages if stages is not None else {}
        self.con: duckdb.DuckDBPyConnection | None = None
        self.run_id: int | None = None

    def __enter__(self) -> WarehouseRun:
        self.con = open_warehouse(self.warehouse, self.settings.memory_limit)
        self.run_id = start_run(self.con, self.command)
        self.con.begin()
        build_models(self.con, views_only=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self.con is not None and self.run_id is not None
        if exc is None:
            try:
                with timed_stage(self.stages, "models"):
                    build_models(self.con)
                with timed_stage(self.stages, "analytics"):
                    refresh_analytics(self.con, alpha=self.settings.rise_fdr,
                                      min_households=self.settings.min_households,
                                      threshold=self.settings.disclosure_threshold)
                self.con.commit()
                return
            except BaseException as model_exc:
                exc = model_exc
                self.con.rollback()
                self._record_failure(exc)
                self.con.close()
                raise
        self.con.rollback()
        self._record_failure(exc)
        self.con.close()

    def _record_failure(self, exc: BaseException) -> None:
        assert self.con is not None and self.run_id is not None
        try:
            finish_run(self.con, self.run_id, "failed",
                       json.dumps({"error": describe_failure(exc)}, ensure_ascii=False))
        except duckdb.Error:
            log.warning("could not record failed run %s", self.run_id)

    def publish_and_close(self, published: str | Path, report: LoadReport) -> Path:
        """Publish from the committed marts, record the run as ok and close the warehouse."""
        assert self.con is not None and self.run_id is not None
        report.published = str(Path(published).resolve())
        try:
            finish_run(self.con, self.run_id, "ok",
                       json.dumps(report.to_dict(), ensure_ascii=False))
            release_unused_memory()
            with timed_stage(self.stages, "publish"):
                path = publish(
                    self.con,
                    published,
                    DisclosureRules(self.settings.disclosure_threshold,
                                    self.settings.min_households),
                    self.settings.gemeente,
                )
        except BaseException as exc:
            self._record_failure(exc)
            raise
        finally:
            self.con.close()
        return path
