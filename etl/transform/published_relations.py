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
NO_RELATIONS = pd.DataFrame({"relation_id": pd.Series(dtype="int32"),
                             "cell": pd.Series(dtype="int32"),
                             "coef": pd.Series(dtype="int8")})


def _relation_frame(relation_id: np.ndarray, cell: np.ndarray,
                    coef: np.ndarray | int) -> pd.DataFrame:
    """Relations in 9 bytes per entry instead of 24: a national run has tens of millions."""
    if len(relation_id) and max(relation_id.max(), cell.max()) >= 2**31:
        raise OverflowError("more than 2**31 relations or cells")
    coefs = np.full(len(relation_id), coef, dtype=np.int8) if isinstance(coef, int) \
        else coef.astype(np.int8)
    return pd.DataFrame({"relation_id": relation_id.astype(np.int32),
                         "cell": cell.astype(np.int32), "coef": coefs})


def _relations_from_groups(cells: pd.DataFrame, total_mask: pd.Series | np.ndarray,
                           group_key: np.ndarray, offset: int) -> pd.DataFrame:
    """One relation per group: the masked cell is the total, the others its parts."""
    ids = pd.factorize(group_key)[0].astype(np.int64) + offset
    rel = _relation_frame(ids, cells["cell"].to_numpy(), np.where(np.asarray(total_mask), -1, 1))
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


class _Keys:
    """Integer keys for the cells of one table, so the joins below hash numbers, not strings.

    A cell is identified by its area and its 'slot' (series, window length, month), where
    the series is the partner type or the funnel measure.
    """

    PAD = 13  # room for looking back up to 12 months before the first month

    def __init__(self, cells: pd.DataFrame, series_column: str, areas: pd.Index) -> None:
        self.areas = areas
        self.area = areas.get_indexer(cells["area_code"]).astype(np.int64)
        self.series = pd.factorize(cells[series_column])[0].astype(np.int64)
        self.window = cells["window_months"].to_numpy(dtype=np.int64)
        month = cells["month_index"].to_numpy(dtype=np.int64)
        self.month = month - (month.min() if len(month) else 0) + self.PAD
        self.span = int(self.month.max()) + 1 if len(month) else self.PAD + 1
        self.window_slot = self.window * self.span + self.month
        self.slot = self.series * (max(WINDOWS) + 1) * self.span + self.window_slot
        self.slots = int(self.slot.max()) + 1 if len(self.slot) else 1
        self.series_count = int(self.series.max()) + 1 if len(self.series) else 1

    def cell_key(self, area: np.ndarray, slot: np.ndarray) -> np.ndarray:
        return area * self.slots + slot

    def month_key(self, lag: int, mask: np.ndarray) -> np.ndarray:
        """Key of (area, series, month - lag) for the masked cells."""
        series = self.area[mask] * self.series_count + self.series[mask]
        return series * self.span + self.month[mask] - lag


def _hierarchy(cells: pd.DataFrame, keys: _Keys, partitions: pd.DataFrame,
               offset: int) -> pd.DataFrame:
    """Relations 'whole = sum of its parts' for every slot (series, window, month)."""
    part_id = keys.areas.get_indexer(partitions["part_code"]).astype(np.int64)
    whole_id = keys.areas.get_indexer(partitions["area_code"]).astype(np.int64)
    level_id = pd.factorize(partitions["partition_level"])[0].astype(np.int64)
    levels = int(level_id.max()) + 1 if len(level_id) else 1
    # Every (cell, partition it is a part in): one row per pair, via a sorted index.
    by_part = np.argsort(part_id, kind="stable")
    start = np.searchsorted(part_id[by_part], keys.area, side="left")
    stop = np.searchsorted(part_id[by_part], keys.area, side="right")
    lengths = stop - start
    cell_of_row = np.repeat(np.arange(len(keys.area)), lengths)
    first = np.repeat(start - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    pair = by_part[first + np.arange(len(cell_of_row))]
    whole_key = keys.cell_key(whole_id[pair], keys.slot[cell_of_row])
    total = pd.Index(keys.cell_key(keys.area, keys.slot)).get_indexer(whole_key)
    ok = total >= 0
    group, uniques = pd.factorize(whole_key[ok] * levels + level_id[pair][ok])
    total_cell = np.empty(len(uniques), dtype=np.int64)
    cell = cells["cell"].to_numpy(dtype=np.int64)
    total_cell[group] = cell[total[ok]]
    ids = np.arange(len(uniques), dtype=np.int64) + offset
    return _relation_frame(
        np.concatenate((ids, group + offset)),
        np.concatenate((total_cell, cell[cell_of_row[ok]])),
        np.concatenate((np.full(len(ids), -1), np.ones(int(ok.sum()), dtype=np.int64))),
    )


def _with_partition_levels(partitions: pd.DataFrame, levels: pd.Series) -> pd.DataFrame:
    out = partitions.copy()
    out["partition_level"] = out["part_code"].map(levels).fillna("buurt")
    return out


def _windows(cells: pd.DataFrame, keys: _Keys, offset: int) -> pd.DataFrame:
    """Relations 'window = sum of its months' and 'W(m) - W(m-1) = x(m) - x(m-w)'.

    Only complete windows are published (``months_covered == window_months``), so only
    those take part.
    """
    cell = cells["cell"].to_numpy(dtype=np.int64)
    covered = cells["months_covered"].to_numpy()
    monthly = keys.window == 1
    month_index = pd.Index(keys.month_key(0, monthly))
    month_cell = cell[monthly]
    frames = []
    next_id = offset

    def lookup(index: pd.Index, targets: np.ndarray, key: np.ndarray) -> np.ndarray:
        position = index.get_indexer(key)
        return np.where(position >= 0, targets[np.clip(position, 0, None)], -1)

    for window in WINDOWS:
        mask = (keys.window == window) & (covered == window)
        if not mask.any():
            continue
        totals = cell[mask]
        ids = np.arange(len(totals)) + next_id
        next_id += len(totals)
        rows = [(ids, totals, -1)]
        for lag in range(window):
            found = lookup(month_index, month_cell, keys.month_key(lag, mask))
            ok = found >= 0
            rows.append((ids[ok], found[ok], 1))
        window_index = pd.Index(keys.month_key(0, mask))
        previous = lookup(window_index, totals, keys.month_key(1, mask))
        first = lookup(month_index, month_cell, keys.month_key(0, mask))
        dropped = lookup(month_index, month_cell, keys.month_key(window, mask))
        ok = (previous >= 0) & (first >= 0) & (dropped >= 0)
        ids = np.arange(int(ok.sum())) + next_id
        next_id += len(ids)
        for found, coef in ((totals[ok], 1), (previous[ok], -1), (first[ok], -1),
                            (dropped[ok], 1)):
            rows.append((ids, found, coef))
        frames += [_relation_frame(rid, found, coef) for rid, found, coef in rows]
    return pd.concat(frames, ignore_index=True) if frames else NO_RELATIONS


def _month_index(months: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(months)
    return stamps.dt.year * 12 + stamps.dt.month - 1


def _partitions_and_areas(cells: pd.DataFrame, membership: pd.DataFrame
                          ) -> tuple[pd.DataFrame, pd.Index]:
    levels = membership.drop_duplicates("area_code").set_index("area_code")["area_level"]
    partitions = _with_partition_levels(area_partitions(membership), levels)
    areas = pd.Index(pd.unique(np.concatenate([
        cells["area_code"].to_numpy(dtype=object),
        partitions["area_code"].to_numpy(dtype=object),
        partitions["part_code"].to_numpy(dtype=object)])))
    return partitions, areas


def _next_offset(relations: pd.DataFrame, offset: int) -> int:
    return int(relations["relation_id"].max() + 1) if len(relations) else offset


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
    partitions, areas = _partitions_and_areas(cells, membership)
    keys = _Keys(cells, "partner_type", areas)

    by_partner = _relations_from_groups(cells, cells["partner_type"] == "Totaal",
                                        keys.area * keys.slots + keys.window_slot, 0)
    offset = _next_offset(by_partner, 0)
    hierarchy = _hierarchy(cells, keys, partitions, offset)
    windows = _windows(cells, keys, _next_offset(hierarchy, offset))
    signals = pd.concat([by_partner, hierarchy, windows], ignore_index=True)
    # Distinct households add up over areas only (one household can have several partners
    # and months), so they share the area relations and nothing else.
    households = hierarchy.assign(relation_id=hierarchy["relation_id"] - offset)
    return signals, households


def funnel_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The funnel table as long cells: one per area, window, month and measure.

    Parameters
    ----------
    frame
        Rows of ``marts.funnel_window_area``.

    Returns
    -------
    pandas.DataFrame
        The keys, ``months_covered``, ``measure``, ``value``, ``cell`` and ``month_index``.
    """
    keys = ["area_code", "window_months", "month"]
    cells = frame[[*keys, "months_covered", *FUNNEL_MEASURES]].melt(
        id_vars=[*keys, "months_covered"], var_name="measure", value_name="value")
    cells["cell"] = np.arange(len(cells))
    cells["month_index"] = _month_index(cells["month"])
    return cells


def funnel_relations(cells: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """Relations among funnel cells: over areas, over months, and results adding up to cases.

    Parameters
    ----------
    cells
        From :func:`funnel_cells`.
    membership
        ``area_code``, ``area_level``, ``buurt_code``.
    """
    partitions, areas = _partitions_and_areas(cells, membership)
    keys = _Keys(cells, "measure", areas)
    hierarchy = _hierarchy(cells, keys, partitions, 0)
    offset = _next_offset(hierarchy, 0)
    windows = _windows(cells, keys, offset)
    offset = _next_offset(windows, offset)
    outcome = cells["measure"].isin(("cases", *RESULT_COLUMNS)).to_numpy()
    results = _relations_from_groups(cells[outcome], cells["measure"][outcome] == "cases",
                                     (keys.area * keys.slots + keys.window_slot)[outcome],
                                     offset)
    relations = pd.concat([hierarchy, windows, results], ignore_index=True)
    return relations
