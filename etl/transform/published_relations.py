"""The sums that tie published counts together, as relations for disclosure control.

Every published total that equals a sum of other published counts is a relation an attacker
can subtract with: partner types add up to 'Totaal'; buurten add up to their wijk, the
gemeente and every custom area; areas that partition another area (wijken the gemeente,
NPLV-noord and the rest the gemeente) add up to it; months add up to a rolling window; the
results of a funnel add up to its cases. Consecutive rolling windows differ by the month that
enters minus the month that leaves. Distinct households add up over areas only.

The relations are found on the tables' cell grids (:mod:`etl.transform.cell_grid`), family
by family (:mod:`etl.transform.grid_relations`): a national signal table has tens of millions
of relation entries, which are never listed, sorted or looked up by key.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from etl.transform.cell_grid import CellGrid, grid_by_measure, grid_by_series
from etl.transform.grid_relations import AreaSums, SeriesSums, WindowDifferences, WindowSums
from etl.transform.suppress_small_cells import RelationFamily

WINDOWS = (3, 12)
RESULT_COLUMNS = ("result_hulp", "result_zelf_opgelost", "result_geen_hulp_nodig",
                  "result_al_in_beeld", "result_geen_contact", "result_niet_opgepakt",
                  "result_lopend")
FUNNEL_MEASURES = ("cases", "contacted", "reached", *RESULT_COLUMNS)
TOTAL_PARTNER = "Totaal"


def area_partitions(membership: pd.DataFrame) -> pd.DataFrame:
    """Pairs (area, part) where areas of one level exactly partition another area.

    Parameters
    ----------
    membership
        ``area_code``, ``area_level``, ``buurt_code`` (every area, buurten included).

    Returns
    -------
    pandas.DataFrame
        ``area_code`` (the whole) and ``part_code``; buurt partitions included.
    """
    members = membership[["area_code", "area_level", "buurt_code"]].drop_duplicates()
    size = members.groupby("area_code").size()
    wholes = members[members["area_level"] != "buurt"]
    # Every buurt is a part of each area it lies in.
    buurt_pairs = wholes.loc[wholes["buurt_code"] != wholes["area_code"],
                             ["area_code", "buurt_code"]].rename(columns={"buurt_code":
                                                                          "part_code"})
    # An area of another level lies inside a whole when all its buurten do; the inside
    # areas of one level partition the whole when they cover it and do not overlap, i.e.
    # their sizes add up to the whole's size and so does their union.
    parts = wholes.rename(columns={"area_code": "part_code", "area_level": "part_level"})
    shared = wholes.merge(parts, on="buurt_code")
    shared = shared[shared["area_level"] != shared["part_level"]]
    inside = shared.groupby(["area_code", "part_code", "part_level"], sort=False).size()
    inside = inside.reset_index(name="shared")
    inside = inside[inside["shared"].to_numpy() == size.reindex(inside["part_code"]).to_numpy()]
    groups = inside.groupby(["area_code", "part_level"], sort=False)
    summary = groups.agg(parts=("part_code", "size"), covered=("shared", "sum")).reset_index()
    union = (inside.merge(parts[["part_code", "buurt_code"]], on="part_code")
             .groupby(["area_code", "part_level"], sort=False)["buurt_code"].nunique()
             .rename("union").reset_index())
    summary = summary.merge(union, on=["area_code", "part_level"])
    whole_size = size.reindex(summary["area_code"]).to_numpy()
    summary = summary[(summary["parts"] > 1) & (summary["covered"].to_numpy() == whole_size)
                      & (summary["union"].to_numpy() == whole_size)]
    area_pairs = inside.merge(summary[["area_code", "part_level"]],
                              on=["area_code", "part_level"])[["area_code", "part_code"]]
    pairs = pd.concat([buurt_pairs, area_pairs], ignore_index=True)
    return pairs.drop_duplicates().reset_index(drop=True)


def leveled_partitions(membership: pd.DataFrame) -> pd.DataFrame:
    """:func:`area_partitions` with the level of each part: the parts of one level add up.

    Parameters
    ----------
    membership
        ``area_code``, ``area_level``, ``buurt_code``.

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``part_code`` and ``partition_level`` (parts without a level of their
        own are buurten).
    """
    levels = membership.drop_duplicates("area_code").set_index("area_code")["area_level"]
    partitions = area_partitions(membership)
    partitions["partition_level"] = partitions["part_code"].map(levels).fillna("buurt")
    return partitions


def signal_grid(table: pa.Table) -> CellGrid:
    """Grid of ``marts.signals_window_area`` rows: one cell per row, partner type as series.

    Parameters
    ----------
    table
        ``area_code``, ``partner_type``, ``window_months``, ``month``, ``months_covered``.
    """
    return grid_by_series(table, "partner_type")


def funnel_grid(table: pa.Table) -> CellGrid:
    """Grid of ``marts.funnel_window_area`` rows: one cell per row and funnel measure.

    Parameters
    ----------
    table
        ``area_code``, ``window_months``, ``month``, ``months_covered``.
    """
    return grid_by_measure(table, FUNNEL_MEASURES)


def _window_families(grid: CellGrid) -> list[RelationFamily]:
    monthly = grid.window(1)
    families: list[RelationFamily] = []
    for width in WINDOWS:
        window = grid.window(width)
        if monthly is not None and window is not None:
            families += [WindowSums(grid, window, monthly, width),
                         WindowDifferences(grid, window, monthly, width)]
    return families


def signal_families(grid: CellGrid, partitions: pd.DataFrame
                    ) -> tuple[list[RelationFamily], list[RelationFamily]]:
    """Relations among the signal counts and among the household counts of one table.

    Parameters
    ----------
    grid
        From :func:`signal_grid`.
    partitions
        From :func:`leveled_partitions`.

    Returns
    -------
    tuple of lists
        Families for ``signals`` and for ``households``.
    """
    areas = AreaSums(grid, partitions)
    families: list[RelationFamily] = [areas, *_window_families(grid)]
    if TOTAL_PARTNER in grid.series:
        total = grid.series.index(TOTAL_PARTNER)
        families.append(SeriesSums(grid, total, [s for s in range(len(grid.series))
                                                 if s != total]))
    # Distinct households add up over areas only (one household can have several partners
    # and months), so they share the area relations and nothing else.
    return families, [areas]


def funnel_families(grid: CellGrid, partitions: pd.DataFrame) -> list[RelationFamily]:
    """Relations among funnel cells: over areas, over months, and results adding up to cases.

    Parameters
    ----------
    grid
        From :func:`funnel_grid`.
    partitions
        From :func:`leveled_partitions`.
    """
    results = [FUNNEL_MEASURES.index(column) for column in RESULT_COLUMNS]
    return [AreaSums(grid, partitions), *_window_families(grid),
            SeriesSums(grid, FUNNEL_MEASURES.index("cases"), results)]


def listed_relations(grid: CellGrid, families: Sequence[RelationFamily]) -> pd.DataFrame:
    """Families as a long frame ``relation_id``, ``cell``, ``coef`` (cells are row ids).

    Parameters
    ----------
    grid
        The grid the families are built on.
    families
        Relation families.

    Returns
    -------
    pandas.DataFrame
        One row per relation entry; small tables only (tests, the attack on the demo).
    """
    frames, offset = [], 0
    for family in families:
        relation, cell, coef = family.listed()
        frames.append(pd.DataFrame({"relation_id": relation + offset,
                                    "cell": grid.order[cell], "coef": coef}))
        offset += int(relation.max()) + 1 if len(relation) else 0
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        {"relation_id": [], "cell": [], "coef": []})
    if len(frame) and max(frame["relation_id"].max(), frame["cell"].max()) >= 2**31:
        raise OverflowError("more than 2**31 relations or cells")
    return frame.astype({"relation_id": np.int32, "cell": np.int32, "coef": np.int8})


def signal_relations(frame: pd.DataFrame, membership: pd.DataFrame
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Relations among the signal counts and among the household counts, listed.

    Parameters
    ----------
    frame
        Rows of ``marts.signals_window_area`` (cell id = row position).
    membership
        ``area_code``, ``area_level``, ``buurt_code``.

    Returns
    -------
    tuple of pandas.DataFrame
        Relations for ``signals`` and for ``households``.
    """
    columns = ["area_code", "partner_type", "window_months", "month", "months_covered"]
    grid = signal_grid(pa.Table.from_pandas(frame[columns], preserve_index=False))
    signals, households = signal_families(grid, leveled_partitions(membership))
    return listed_relations(grid, signals), listed_relations(grid, households)
