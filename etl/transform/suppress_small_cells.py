"""Disclosure control: hide small counts, and hide enough others that none can be recovered.

Primary suppression hides every count from 1 up to the threshold. Published numbers are tied
together by sums (a wijk is the sum of its buurten, 'Totaal' the sum of the partner types, a
3-month window the sum of its months, the results the sum of a funnel's cases) and by the
difference of consecutive rolling windows (W(m) - W(m-1) = x(m) - x(m-w)), so a hidden
count can often be recovered by subtraction. Complementary suppression therefore hides more
cells until the subtraction attack recovers nothing: no relation has exactly one hidden
cell, and no sum whose total is shown hides only cells that must each be 1 (the residual
equals the number of hidden cells, and a hidden count is at least 1). Because every relation
keeps two or more hidden cells, chaining subtractions (using a recovered cell in the next
relation) recovers nothing either.

Relations are given as a long frame ``(relation_id, cell, coef)``: a sum has coefficient -1
for its total and +1 for its parts; a window difference has two +1 and two -1 cells.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

MAX_ROUNDS = 10_000


@dataclass
class SuppressionResult:
    """Which cells are hidden, and why."""

    suppressed: np.ndarray  # bool per cell
    primary: np.ndarray  # bool per cell: below the threshold
    rounds: int

    @property
    def complementary(self) -> np.ndarray:
        return self.suppressed & ~self.primary


def primary_suppression(values: np.ndarray, threshold: int) -> np.ndarray:
    """Counts from 1 to threshold - 1 are hidden; 0 is shown (nobody to identify)."""
    return (values >= 1) & (values < threshold)


class _RelationIndex:
    """Relations as flat arrays sorted by relation, plus the relations of every cell.

    The search for complements runs in rounds; a relation can only become revealing when
    one of its cells was hidden in the previous round, so each round looks at just those
    relations. With national data (millions of cells, tens of millions of relation
    entries) this turns minutes per round into milliseconds.
    """

    def __init__(self, relations: pd.DataFrame, cells: int) -> None:
        rid = relations["relation_id"].to_numpy()
        order = np.argsort(rid, kind="stable")
        rid = rid[order]
        self.cell = relations["cell"].to_numpy()[order]
        coef = relations["coef"].to_numpy()[order]
        self.negative = coef < 0
        boundaries = np.flatnonzero(np.diff(rid)) + 1
        ends = [len(rid)] if len(rid) else []
        self.start = np.concatenate(([0], boundaries, ends)).astype(np.int64)
        self.count = len(self.start) - 1
        dense = np.repeat(np.arange(self.count, dtype=np.int32), np.diff(self.start))
        negatives = np.bincount(dense, weights=self.negative, minlength=self.count)
        self.is_sum = negatives == 1
        self.relation_of_all = dense
        by_cell = np.argsort(self.cell, kind="stable")
        self.relation_of_entry = dense[by_cell]
        self.cell_start = np.concatenate(
            ([0], np.cumsum(np.bincount(self.cell, minlength=cells)))).astype(np.int64)

    def entries(self, relations: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Entry positions of ``relations`` and, per entry, its position in ``relations``."""
        if len(relations) == self.count:  # all of them, in order (the first round)
            return np.arange(len(self.cell)), self.relation_of_all
        return _ranges(self.start, relations)

    def relations_of(self, cells: np.ndarray) -> np.ndarray:
        """Every relation that one of ``cells`` takes part in."""
        positions, _ = _ranges(self.cell_start, cells)
        return np.unique(self.relation_of_entry[positions])


def _ranges(start: np.ndarray, items: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Concatenated ranges ``start[i]:start[i + 1]`` for each item, and the item of each."""
    lengths = start[items + 1] - start[items]
    owner = np.repeat(np.arange(len(items)), lengths)
    if len(owner) == 0:
        return owner.astype(np.int64), owner
    first = np.repeat(start[items] - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return first + np.arange(len(owner)), owner


def _needy_relations(index: _RelationIndex, relations: np.ndarray, values: np.ndarray,
                     suppressed: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which of ``relations`` give a hidden cell away on their own.

    Returns the needy relations' entries (positions) and owners, restricted to them.
    """
    entries, owner = index.entries(relations)
    cell = index.cell[entries]
    hidden = suppressed[cell]
    negative = index.negative[entries]
    value = values[cell]
    # Entries come grouped by relation, and every relation has entries: sums per relation
    # are reductions over consecutive runs (no float copies, as bincount's weights make).
    size = index.start[relations + 1] - index.start[relations]
    starts = np.concatenate(([0], np.cumsum(size)[:-1]))

    def total(terms: np.ndarray) -> np.ndarray:
        return np.add.reduceat(terms, starts, dtype=np.int64)

    hidden_count = total(hidden)
    single = (hidden_count == 1) & (size >= 2)
    # In a sum whose total is shown and whose hidden cells are all parts, a residual equal to
    # the number of hidden parts means each hidden count is exactly 1.
    shown_total = negative & ~hidden
    total_shown = total(shown_total) == 1
    total_value = total(np.where(shown_total, value, 0))
    del shown_total
    parts_shown = total(np.where(~negative & ~hidden, value, 0))
    parts_hidden = total(~negative & hidden)
    ones = (index.is_sum[relations] & total_shown & (parts_hidden >= 2)
            & (total_value - parts_shown == parts_hidden))
    needy = single | ones
    keep = needy[owner]
    return entries[keep], owner[keep], needy


def _pick_complements(index: _RelationIndex, entries: np.ndarray, owner: np.ndarray,
                      values: np.ndarray, suppressed: np.ndarray) -> np.ndarray:
    """For each needy relation, the shown cell to hide: the smallest non-zero count (zeros
    only when nothing else is left; among equals a part before a total). Hiding the
    smallest keeps the loss small: usually a single month or partner type, not a window
    or an area total."""
    cell = index.cell[entries]
    shown = ~suppressed[cell]
    cell, owner, negative = cell[shown], owner[shown], index.negative[entries][shown]
    if len(cell) == 0:
        return np.array([], dtype=np.int64)
    value = values[cell]
    order = np.lexsort((cell, negative, value, value == 0, owner))
    owner = owner[order]
    first = np.ones(len(owner), dtype=bool)
    first[1:] = owner[1:] != owner[:-1]
    return np.unique(cell[order][first])


def suppress_small_cells(values: np.ndarray, relations: pd.DataFrame,
                         threshold: int) -> SuppressionResult:
    """Primary plus complementary suppression over one set of cells and relations.

    Parameters
    ----------
    values
        Exact counts, one per cell (cell ids are positions in this array).
    relations
        ``relation_id``, ``cell``, ``coef``: every published sum among the cells.
    threshold
        Counts below this are hidden.

    Returns
    -------
    SuppressionResult
        The hidden cells; no hidden count can be recovered from the shown ones.
    """
    values = np.asarray(values, dtype=np.int64)
    primary = primary_suppression(values, threshold)
    suppressed = primary.copy()
    index = _RelationIndex(relations, len(values))
    # Nothing hidden, nothing to give away: skip the rounds.
    dirty = np.arange(index.count) if primary.any() else np.array([], dtype=np.int64)
    rounds = 0
    while len(dirty) and rounds < MAX_ROUNDS:
        rounds += 1
        entries, owner, needy = _needy_relations(index, dirty, values, suppressed)
        if not needy.any():
            break
        picks = _pick_complements(index, entries, owner, values, suppressed)
        if len(picks) == 0:
            log.warning("%d relations cannot be protected further", int(needy.sum()))
            break
        suppressed[picks] = True
        dirty = index.relations_of(picks)
    else:
        if len(dirty):
            log.warning("complementary suppression stopped after %d rounds", rounds)
    log.info("suppression: %d primary, %d complementary of %d cells (%d rounds)",
             int(primary.sum()), int((suppressed & ~primary).sum()), len(values), rounds)
    return SuppressionResult(suppressed=suppressed, primary=primary, rounds=rounds)
