"""Pick the reader for a delivery file by its name and first bytes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from etl.errors import EtlError
from etl.extract.batch import ExtractBatch
from etl.extract.ddas_json import read_ddas_delivery
from etl.extract.signal_csv import read_signal_csv
from etl.extract.signal_xlsx import read_signal_xlsx


def detect_format(path: Path) -> str:
    """``"ddas-json"``, ``"xlsx"`` or ``"csv"``; an error for anything else."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise EtlError(f"kan het bestand niet lezen ({exc.strerror})", path) from exc
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        if suffix in (".xlsx", ".xlsm", ""):
            return "xlsx"
        raise EtlError("zip-bestand; verwacht een .xlsx-export of losse bestanden", path)
    if stripped.startswith((b"{", b"[")) or suffix == ".json":
        return "ddas-json"
    if suffix in (".csv", ".txt", ".tsv", ""):
        return "csv"
    if suffix in (".xls", ".ods"):
        raise EtlError(f"{suffix}-bestand: sla de export op als .xlsx of .csv", path)
    raise EtlError(f"onbekend bestandsformaat ({suffix or 'geen extensie'})", path)


def read_signal_file(path: str | Path, *, keep_bsn: bool = False) -> Iterator[ExtractBatch]:
    """Read any supported signal delivery, batch by batch.

    Parameters
    ----------
    path
        A DDAS JSON file, a CSV export or an XLSX export.
    keep_bsn
        Keep BSNs in memory (only when a BSN -> address extract will be applied).

    Returns
    -------
    iterator of ExtractBatch
        Batches in file order.
    """
    path = Path(path)
    if not path.is_file():
        raise EtlError("bestand bestaat niet", path)
    kind = detect_format(path)
    if kind == "ddas-json":
        return read_ddas_delivery(path, keep_bsn=keep_bsn)
    if kind == "xlsx":
        return read_signal_xlsx(path, keep_bsn=keep_bsn)
    return read_signal_csv(path, keep_bsn=keep_bsn)
