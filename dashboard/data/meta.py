"""What the published file says about itself: period, threshold, demo or real."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from dashboard.data.published import FileIdentity, published


@dataclass(frozen=True)
class Meta:
    """Publication metadata the UI shows and the disclosure rules it applies."""

    is_demo: bool
    first_month: date | None
    last_month: date | None
    threshold: int
    min_households: int
    published_at: str
    last_loaded_at: str
    gemeente_code: str

    def gemeente_for(self, area_code: str) -> str:
        """The gemeente an area is compared with: the installation's own, or with several
        gemeenten published (``*``, a national or shared file) the one its code names
        (BU0014xxxx and WK0014xx lie in GM0014)."""
        if self.gemeente_code and self.gemeente_code != "*":
            return self.gemeente_code
        code = area_code.upper()
        if code[:2] in ("BU", "WK", "GM") and code[2:6].isdigit():
            return "GM" + code[2:6]
        return "GM0014" if not self.gemeente_code else ""


@lru_cache(maxsize=4)
def _meta(version: FileIdentity) -> Meta:
    rows = dict(published().query("shared__meta").itertuples(index=False, name=None))

    def month(key: str) -> date | None:
        return date.fromisoformat(rows[key]) if rows.get(key) else None

    return Meta(
        is_demo=rows.get("is_demo") == "true",
        first_month=month("first_month"),
        last_month=month("last_month"),
        threshold=int(rows.get("disclosure_threshold", 5)),
        min_households=int(rows.get("min_households", 100)),
        published_at=rows.get("published_at", ""),
        last_loaded_at=rows.get("last_loaded_at", ""),
        gemeente_code=rows.get("gemeente_code", ""),
    )


def read_meta() -> Meta:
    """Metadata of the current publication (cached per published file).

    Returns
    -------
    Meta
        Period, threshold, demo flag and freshness.
    """
    return _meta(published().version())


@lru_cache(maxsize=4)
def _months(version: FileIdentity) -> tuple[date, ...]:
    frame = published().query("shared__months")
    return tuple(pd_date.date() if hasattr(pd_date, "date") else pd_date
                 for pd_date in frame["month"])


def available_months() -> tuple[date, ...]:
    """Months with signal data, oldest first.

    Returns
    -------
    tuple of date
        First days of the months.
    """
    return _months(published().version())


@lru_cache(maxsize=4)
def _partner_types(version: FileIdentity) -> tuple[str, ...]:
    return tuple(published().query("shared__partner_types")["partner_type"])


def partner_types() -> tuple[str, ...]:
    """Partner types present in the data, most signals first."""
    return _partner_types(published().version())
