"""The sums that tie published counts together, as relations for disclosure control.

Every published total that equals a sum of other published counts is a relation an attacker
can subtract with: partner types add up to 'Totaal'; buurten add up to their wijk, the
gemeente and every custom area; areas that partition another area (wijken the gemeente,
NPLV-noord and the rest the gemeente) add up to it; months add up to a rolling window; the
results of a funnel add up to its cases. Consecutive rolling windows differ by the month that
enters minus the month that leaves. Distinct households add up over areas only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WINDOWS = (3, 12)
RESULT_COLUMNS = ("result_hulp", "result_zelf_opgelost", "result_geen_hulp_nodig",
                  "result_al_in_beeld", "result_geen_contact", "result_niet_opgepakt",
                  "result_lopend")
FUNNEL_MEASURES = ("cases", "contacted", "reached", *RESULT_COLUMNS)


def _relations_from_groups(cells: pd.DataFrame, total_mask: pd.Series, group_keys: list[str],
                           offset: int) -> pd.DataFrame:
    """One relation per group: the masked cell is the total, the others its parts."""
    ids = cells.groupby(group_keys, sort=False, dropna=False).ngroup()
    rel = pd.DataFrame({"relation_id": ids.to_numpy() + offset, "cell": cells["cell"],
                        "coef": np.where(total_mask, -1, 1)})
    counts = rel.groupby("relation_id")["coef"].agg(["size", "min"])
    keep = counts[(counts["size"] >= 2) & (counts["min"] < 0)].index
    return rel[rel["relation_id"].isin(keep)]


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
    sets = {code: frozenset(part["buurt_code"])
            for code, part in membership.groupby("area_code")}
    levels = membership.drop_duplicates("area_code").set_index("area_code")["area_level"]
    pairs = []
    for whole, members in sets.items():
        if levels[whole] == "buurt":
            continue
        pairs += [(whole, b) for b in members if b != whole]
        for level in set(levels) - {"buurt", levels[whole]}:
            inside = [code for code, lvl in levels.items()
                      if lvl == level and sets[code] <= members]
            covered = [b for code in inside for b in sets[code]]
            if inside and len(covered) == len(members) and set(covered) == members \
                    and len(inside) > 1:
                pairs += [(whole, code) for code in inside]
    return pd.DataFrame(pairs, columns=["area_code", "part_code"]).drop_duplicates()


def _hierarchy(cells: pd.DataFrame, partitions: pd.DataFrame, keys: list[str],
               offset: int) -> pd.DataFrame:
    """Relations 'whole = sum of its parts' for every combination of the other keys."""
    parts = cells.merge(partitions.rename(columns={"area_code": "whole",
                                                   "part_code": "area_code"}), on="area_code")
    parts = parts.rename(columns={"area_code": "part"})
    totals = cells.rename(columns={"area_code": "whole"})
    groups = parts[["whole", "partition_level", *keys]].drop_duplicates()
    groups = groups.merge(totals[["whole", *keys, "cell"]], on=["whole", *keys])
    groups["relation_id"] = np.arange(len(groups)) + offset
    total_rows = pd.DataFrame({"relation_id": groups["relation_id"], "cell": groups["cell"],
                               "coef": -1})
    part_rows = parts.merge(groups[["whole", "partition_level", *keys, "relation_id"]],
                            on=["whole", "partition_level", *keys])
    part_rows = pd.DataFrame({"relation_id": part_rows["relation_id"],
                              "cell": part_rows["cell"], "coef": 1})
    return pd.concat([total_rows, part_rows], ignore_index=True)


def _with_partition_levels(partitions: pd.DataFrame, levels: pd.Series) -> pd.DataFrame:
    out = partitions.copy()
    out["partition_level"] = out["part_code"].map(levels).fillna("buurt")
    return out


def _windows(cells: pd.DataFrame, keys: list[str], offset: int) -> pd.DataFrame:
    """Relations 'window = sum of its months' and 'W(m) - W(m-1) = x(m) - x(m-w)'.

    Only complete windows are published (``months_covered == window_months``), so only
    those take part.
    """
    monthly = cells[cells["window_months"] == 1]
    month_cell = monthly.set_index([*keys, "month_index"])["cell"]
    frames = []
    next_id = offset

    def lookup(index: pd.Series, frame: pd.DataFrame, lag: int) -> np.ndarray:
        where = [frame[k].to_numpy() for k in keys] + [frame["month_index"].to_numpy() - lag]
        return index.reindex(pd.MultiIndex.from_arrays(where)).to_numpy()

    for window in WINDOWS:
        totals = cells[(cells["window_months"] == window)
                       & (cells["months_covered"] == window)]
        if totals.empty:
            continue
        ids = np.arange(len(totals)) + next_id
        next_id += len(totals)
        rows = [pd.DataFrame({"relation_id": ids, "cell": totals["cell"].to_numpy(),
                              "coef": -1})]
        for lag in range(window):
            found = lookup(month_cell, totals, lag)
            ok = ~pd.isna(found)
            rows.append(pd.DataFrame({"relation_id": ids[ok],
                                      "cell": found[ok].astype(np.int64), "coef": 1}))
        window_cell = totals.set_index([*keys, "month_index"])["cell"]
        previous = lookup(window_cell, totals, 1)
        first = lookup(month_cell, totals, 0)
        dropped = lookup(month_cell, totals, window)
        ok = ~(pd.isna(previous) | pd.isna(first) | pd.isna(dropped))
        ids = np.arange(int(ok.sum())) + next_id
        next_id += len(ids)
        for cell, coef in ((totals["cell"].to_numpy()[ok], 1), (previous[ok], -1),
                           (first[ok], -1), (dropped[ok], 1)):
            rows.append(pd.DataFrame({"relation_id": ids, "cell": cell.astype(np.int64),
                                      "coef": coef}))
        frames.append(pd.concat(rows, ignore_index=True))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["relation_id", "cell", "coef"])


def _month_index(months: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(months)
    return stamps.dt.year * 12 + stamps.dt.month - 1


def signal_relations(frame: pd.DataFrame, membership: pd.DataFrame
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Relations among the signal counts and among the household counts of one table.

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
    cells = frame[["area_code", "partner_type", "window_months", "month",
                   "months_covered"]].copy()
    cells["cell"] = np.arange(len(cells))
    cells["month_index"] = _month_index(cells["month"])
    levels = membership.drop_duplicates("area_code").set_index("area_code")["area_level"]
    partitions = _with_partition_levels(area_partitions(membership), levels)

    by_partner = _relations_from_groups(cells, cells["partner_type"] == "Totaal",
                                        ["area_code", "window_months", "month"], 0)
    offset = int(by_partner["relation_id"].max() + 1) if len(by_partner) else 0
    hierarchy = _hierarchy(cells, partitions, ["partner_type", "window_months", "month"],
                           offset)
    offset = int(hierarchy["relation_id"].max() + 1) if len(hierarchy) else offset
    windows = _windows(cells, ["area_code", "partner_type"], offset)
    signals = pd.concat([by_partner, hierarchy, windows], ignore_index=True)
    households = _hierarchy(cells, partitions, ["partner_type", "window_months", "month"], 0)
    return signals.astype("int64"), households.astype("int64")


def funnel_cells(frame: pd.DataFrame, membership: pd.DataFrame
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The funnel table as long cells (one per area, window, month and measure) with its
    relations: over areas, over months, and results adding up to cases.

    Parameters
    ----------
    frame
        Rows of ``marts.funnel_window_area``.
    membership
        ``area_code``, ``area_level``, ``buurt_code``.

    Returns
    -------
    tuple of pandas.DataFrame
        The cells (keys, ``measure``, ``value``, ``cell``) and the relations.
    """
    keys = ["area_code", "window_months", "month"]
    cells = frame[[*keys, "months_covered", *FUNNEL_MEASURES]].melt(
        id_vars=[*keys, "months_covered"], var_name="measure", value_name="value")
    cells["cell"] = np.arange(len(cells))
    cells["month_index"] = _month_index(cells["month"])
    levels = membership.drop_duplicates("area_code").set_index("area_code")["area_level"]
    partitions = _with_partition_levels(area_partitions(membership), levels)
    hierarchy = _hierarchy(cells, partitions, ["measure", "window_months", "month"], 0)
    offset = int(hierarchy["relation_id"].max() + 1) if len(hierarchy) else 0
    windows = _windows(cells, ["area_code", "measure"], offset)
    offset = int(windows["relation_id"].max() + 1) if len(windows) else offset
    outcome = cells[cells["measure"].isin(("cases", *RESULT_COLUMNS))]
    results = _relations_from_groups(outcome, outcome["measure"] == "cases", keys, offset)
    relations = pd.concat([hierarchy, windows, results], ignore_index=True)
    return cells, relations.astype("int64")
