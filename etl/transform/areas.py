"""Check custom area definitions before they are trusted to add up.

A buurt in two areas of one division would be counted twice in that division's totals; a
code that does not exist would silently count nothing. Both are refused with a clear list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

RESERVED_LEVELS = frozenset({"buurt", "wijk", "gemeente"})


@dataclass
class AreaProblems:
    """What is wrong with an area file; empty lists mean it is fine."""

    unknown_codes: list[str] = field(default_factory=list)
    overlaps: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.unknown_codes or self.overlaps or self.other)

    def describe(self) -> str:
        """One line per problem kind, listing at most ten items each."""
        parts = []
        if self.unknown_codes:
            parts.append(f"{len(self.unknown_codes)} onbekende buurtcode(s): "
                         + ", ".join(self.unknown_codes[:10]))
        if self.overlaps:
            parts.append(f"{len(self.overlaps)} buurt(en) in meer dan één gebied van dezelfde "
                         "indeling: " + ", ".join(self.overlaps[:10]))
        parts += self.other
        return "; ".join(parts)


def check_areas(areas: pd.DataFrame, known_buurten: set[str]) -> AreaProblems:
    """Find unknown buurt codes, overlaps within a division and inconsistent names.

    Parameters
    ----------
    areas
        Frame from :func:`etl.extract.area_file.read_area_file`.
    known_buurten
        Buurt codes of the loaded boundaries (empty: skip the unknown-code check).

    Returns
    -------
    AreaProblems
        Lists of problems, empty when the file can be loaded.
    """
    problems = AreaProblems()
    if known_buurten:
        problems.unknown_codes = sorted(set(areas["buurt_code"]) - known_buurten)
    doubled = areas.groupby(["division", "buurt_code"])["area_code"].nunique()
    problems.overlaps = sorted(
        f"{buurt} ({division})" for (division, buurt), n in doubled.items() if n > 1
    )
    names = areas.groupby("area_code")["area_name"].nunique()
    if (names > 1).any():
        problems.other.append("gebiedscode met verschillende namen: "
                              + ", ".join(names[names > 1].index[:10]))
    divisions = areas.groupby("area_code")["division"].nunique()
    if (divisions > 1).any():
        problems.other.append("gebiedscode in meer dan één indeling: "
                              + ", ".join(divisions[divisions > 1].index[:10]))
    reserved = set(areas["division"]) & RESERVED_LEVELS
    if reserved:
        problems.other.append(f"indelingsnaam gereserveerd: {', '.join(sorted(reserved))}")
    if areas["area_code"].str.match(r"^(BU|WK|GM)\d", na=False).any():
        problems.other.append("gebiedscodes mogen niet op een CBS-code lijken (BU/WK/GM)")
    return problems
