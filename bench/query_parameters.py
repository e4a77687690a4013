"""Realistic parameters for every dashboard query, drawn from what a published file holds.

A query is only measured with the values users actually send: a month that has data, a
level the page offers, an area that exists, a partner type from the delivery, the windows of
the period switch. Each ``sql/dashboard/*.sql`` file has one entry in :data:`PARAMETERS`;
the benchmark refuses to run, and its test fails, when a query has none or when an entry's
parameters differ from the ``$names`` in the file.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from dashboard.data.published import SQL_ROOT, PublishedData, read_query
from dashboard.data.review import LEVELS as REVIEW_LEVELS

#: The map's levels (dashboard.callbacks.kaart.LEVELS) plus the gemeente row it compares with.
MAP_LEVELS = ("buurt", "wijk", "nplv_wijken", "nplv", "gemeente")
STRUCTURE_LEVELS = ("buurt", "wijk")
AREA_PAGE_LEVELS = ("buurt", "wijk", "gemeente", "nplv", "nplv_wijken")
DIVISIONS = ("nplv", "nplv_wijken")
NPLV_CODES = ["nplv-noord", "nplv-rest"]
WINDOWS = (1, 3, 12)
BENCH_SQL = Path(__file__).resolve().parents[1] / "sql" / "bench"


@dataclass(frozen=True)
class Domain:
    """The values a published file offers its users."""

    months: list[date]
    partner_types: list[str]
    codes: dict[str, list[str]]  # area level -> area codes
    postcodes: list[str]

    def month(self, rng: random.Random) -> date:
        return rng.choice(self.months)

    def partner(self, rng: random.Random) -> str:
        """'Totaal' half of the time (every indicator but one), else one partner type."""
        return "Totaal" if rng.random() < 0.5 or not self.partner_types \
            else rng.choice(self.partner_types)

    def area(self, rng: random.Random, levels: tuple[str, ...] = AREA_PAGE_LEVELS) -> str:
        """An area of a random level (each level equally likely), as on the area pages."""
        present = [level for level in levels if self.codes.get(level)]
        return rng.choice(self.codes[rng.choice(present)]) if present else "BU00000000"

    def gemeente(self, rng: random.Random) -> str:
        return self.area(rng, ("gemeente",))

    def postcode(self, rng: random.Random) -> str:
        """A PC6 or, a third of the time, its PC4, as typed in the map's search."""
        pc6 = rng.choice(self.postcodes) if self.postcodes else "1011AB"
        return pc6[:4] if rng.random() < 1 / 3 else pc6


def read_domain(data: PublishedData, con: duckdb.DuckDBPyConnection) -> Domain:
    """Months, partner types, areas per level and sample postcodes of a published file.

    Parameters
    ----------
    data
        The published file, opened as the dashboard opens it.
    con
        A read-only connection to the same file, for the postcode sample.

    Returns
    -------
    Domain
        What parameters are drawn from.
    """
    months = [m.date() if hasattr(m, "date") else m
              for m in data.query("shared__months")["month"]]
    partners = list(data.query("shared__partner_types")["partner_type"])
    areas = data.query("shared__areas")
    codes = {str(level): list(frame["area_code"])
             for level, frame in areas.groupby("area_level")}
    postcodes = [row[0] for row in con.execute(
        (BENCH_SQL / "sample_postcodes.sql").read_text(encoding="utf-8")).fetchall()]
    return Domain(months, partners, codes, postcodes)


def _codes(domain: Domain, rng: random.Random) -> list[str]:
    """The areas an area page asks series for: the area, a gemeente and the focus area."""
    return list(dict.fromkeys([domain.area(rng), domain.gemeente(rng), "nplv-noord"]))


Parameters = Callable[[Domain, random.Random], dict]

PARAMETERS: dict[str, Parameters] = {
    "gebied__area": lambda d, r: {"code": d.area(r)},
    "gebied__funnel": lambda d, r: {"code": d.area(r), "month": d.month(r),
                                    "window": r.choice(WINDOWS)},
    "gebied__indicators": lambda d, r: {"codes": [d.area(r), d.gemeente(r)]},
    "gebied__member_values": lambda d, r: {"code": d.area(r, ("wijk", "gemeente", "nplv",
                                                                "nplv_wijken")),
                                           "month": d.month(r), "window": r.choice(WINDOWS)},
    "gebied__members": lambda d, r: {"code": d.area(r, ("wijk", "gemeente", "nplv",
                                                          "nplv_wijken"))},
    "gebied__memberships": lambda d, r: {"code": d.area(r, ("buurt",))},
    "gebied__partners": lambda d, r: {"code": d.area(r), "window": r.choice(WINDOWS)},
    "gebied__rise": lambda d, r: {"code": d.area(r), "month": d.month(r)},
    "kaart__postcode": lambda d, r: {"postcode": d.postcode(r)},
    "kaart__values": lambda d, r: {"level": r.choice(MAP_LEVELS), "month": d.month(r),
                                   "window": r.choice(WINDOWS), "partner": d.partner(r)},
    "maand__completeness": lambda d, r: {"month": d.month(r)},
    "maand__load_files": lambda d, r: {},
    "maand__load_run": lambda d, r: {},
    "maand__review": lambda d, r: {"level": r.choice(REVIEW_LEVELS), "month": d.month(r)},
    "nplv__areas": lambda d, r: {"division": r.choice(DIVISIONS)},
    "nplv__structure": lambda d, r: {"codes": NPLV_CODES},
    "over__code_check": lambda d, r: {},
    "over__deliveries": lambda d, r: {},
    "over__sources": lambda d, r: {},
    "over__structure": lambda d, r: {"level": r.choice(STRUCTURE_LEVELS)},
    "shared__areas": lambda d, r: {},
    "shared__geometry": lambda d, r: {"level": r.choice(MAP_LEVELS), "year": d.month(r).year},
    "shared__meta": lambda d, r: {},
    "shared__months": lambda d, r: {},
    "shared__partner_types": lambda d, r: {},
    "shared__rate_series": lambda d, r: {"codes": _codes(d, r), "window": r.choice(WINDOWS),
                                         "partner": d.partner(r)},
}


#: Queries whose answer grows with the level asked for are timed per level, so the national
#: buurt map is not averaged away among the small custom levels.
LEVELS_TIMED_APART: dict[str, tuple[str, ...]] = {
    "kaart__values": MAP_LEVELS,
    "maand__review": REVIEW_LEVELS,
    "over__structure": STRUCTURE_LEVELS,
    "shared__geometry": MAP_LEVELS,
}


def dashboard_queries() -> list[str]:
    """Names of every ``sql/dashboard/*.sql`` file."""
    return sorted(path.stem for path in SQL_ROOT.glob("*.sql"))


def query_parameter_names(name: str) -> set[str]:
    """The ``$name`` parameters a dashboard query uses."""
    return set(re.findall(r"\$([a-z_][a-z0-9_]*)", read_query(name)))


def check_coverage(domain: Domain) -> list[str]:
    """Problems that would leave a dashboard query unmeasured or called wrongly (none: [])."""
    problems = [f"{name}: no parameters in bench/query_parameters.py"
                for name in dashboard_queries() if name not in PARAMETERS]
    problems += [f"{name}: no such file in sql/dashboard"
                 for name in PARAMETERS if name not in dashboard_queries()]
    rng = random.Random(0)
    for name in sorted(set(PARAMETERS) & set(dashboard_queries())):
        given, used = set(PARAMETERS[name](domain, rng)), query_parameter_names(name)
        if given != used:
            problems.append(f"{name}: bench passes {sorted(given)}, query uses {sorted(used)}")
    return problems
