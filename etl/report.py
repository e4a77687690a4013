"""The load report: every row read is loaded, a duplicate, or quarantined with a reason.

The counts are the product's promise that nothing is lost, so they are checked where they
are made (:meth:`FileReport.check`) and printed after every run.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class FileReport:
    """Counts for one delivery (a levering of a DDAS file, or one export)."""

    source_file: str
    source_format: str
    delivery_key: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_duplicate: int = 0
    rows_quarantined: dict[str, int] = field(default_factory=dict)
    cases_read: int = 0
    cases_loaded: int = 0
    cases_duplicate: int = 0
    cases_rejected: int = 0
    note: str | None = None

    def check(self) -> None:
        """Fail loudly if a row went missing between reading and loading."""
        accounted = self.rows_loaded + self.rows_duplicate + sum(self.rows_quarantined.values())
        if accounted != self.rows_read:
            raise AssertionError(
                f"{self.source_file}: {self.rows_read} rows read but {accounted} accounted for"
            )
        cases = self.cases_loaded + self.cases_duplicate + self.cases_rejected
        if cases != self.cases_read:
            raise AssertionError(
                f"{self.source_file}: {self.cases_read} cases read but {cases} accounted for"
            )


@dataclass
class LoadReport:
    """Totals over all deliveries of one run, plus the per-delivery rows."""

    command: str
    files: list[FileReport] = field(default_factory=list)
    published: str | None = None
    #: Seconds per stage (read_lookup, load_signals, models, analytics, publish).
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_duplicate(self) -> int:
        return sum(f.rows_duplicate for f in self.files)

    @property
    def rows_quarantined(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for f in self.files:
            total.update(f.rows_quarantined)
        return dict(sorted(total.items(), key=lambda item: (-item[1], item[0])))

    def to_dict(self) -> dict:
        """The JSON contract: totals at the top, per-delivery detail under ``files``."""
        return {
            "command": self.command,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_duplicate": self.rows_duplicate,
            "rows_quarantined": self.rows_quarantined,
            "cases_read": sum(f.cases_read for f in self.files),
            "cases_loaded": sum(f.cases_loaded for f in self.files),
            "published": self.published,
            "stage_seconds": dict(self.stage_seconds),
            "files": [asdict(f) for f in self.files],
        }

    def write_json(self, path: str | Path) -> None:
        """Write the report for machines (monitoring, the data steward's checklist)."""
        Path(path).write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n",
                              encoding="utf-8")

    def format_table(self) -> str:
        """A short table for the terminal: one line per delivery and a total."""
        header = f"{'bestand':<40} {'gelezen':>9} {'geladen':>9} {'dubbel':>9} {'quarantaine':>12}"
        lines = [header, "-" * len(header)]
        for f in self.files:
            name = f.source_file if len(f.source_file) <= 40 else "…" + f.source_file[-39:]
            lines.append(
                f"{name:<40} {f.rows_read:>9} {f.rows_loaded:>9} {f.rows_duplicate:>9} "
                f"{sum(f.rows_quarantined.values()):>12}"
            )
        lines.append("-" * len(header))
        lines.append(
            f"{'totaal':<40} {self.rows_read:>9} {self.rows_loaded:>9} {self.rows_duplicate:>9} "
            f"{sum(self.rows_quarantined.values()):>12}"
        )
        for reason, count in self.rows_quarantined.items():
            lines.append(f"  quarantaine: {reason:<36} {count:>9}")
        return "\n".join(lines)
