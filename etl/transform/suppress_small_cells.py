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

The search runs in rounds. Whether a relation gives a hidden cell away depends only on which
of its cells are hidden, so after the first round only the relations of the cells hidden in
the round before can have become needy. Relations come in families (:class:`RelationFamily`)
that judge them whichever way is cheaper. :class:`ListedRelations` takes relations as a long
frame ``(relation_id, cell, coef)``: a sum has coefficient -1 for its total and +1 for its
parts; a window difference has two +1 and two -1 cells. :mod:`etl.transform.grid_relations`
derives the families of the published tables from their layout instead: national tables
have tens of millions of relation entries, which take seconds to list and sort but
milliseconds to compute.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

MAX_ROUNDS = 10_000
#: Pick key of a cell that cannot be picked (hidden, or a placeholder).
NEVER = np.iinfo(np.int64).max


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


class SearchState:
    """What the families read while searching: counts, hidden cells and pick keys.

    Every array has one extra cell at the end, a placeholder that is never hidden, has count
    0 and cannot be picked: families point a relation's missing cells at index -1.

    A cell's pick key orders the candidates for complementary suppression: the smallest
    non-zero count first (zeros last), then parts before totals, then the cell that comes
    first in ``order``. Packing that into one integer turns 'the smallest shown cell of each
    relation' into a minimum instead of a sort.
    """

    def __init__(self, values: np.ndarray, order: np.ndarray, threshold: int) -> None:
        cells = len(values)
        present = order >= 0
        self.values = np.zeros(cells + 1, dtype=np.int64)
        self.values[:cells] = values
        self.suppressed = np.zeros(cells + 1, dtype=bool)
        self.suppressed[:cells] = primary_suppression(values, threshold) & present
        self.primary = self.suppressed[:cells].copy()
        top = int(order.max(initial=0))
        rank_bits = max(top, 1).bit_length()
        self.total_bit = np.int64(1) << np.int64(rank_bits)
        self.rank_mask = self.total_bit - 1
        positions = np.flatnonzero(present)
        self.cell_of_rank = np.zeros(top + 1, dtype=np.int64)
        self.cell_of_rank[order[positions]] = positions
        self.pick_key = np.full(cells + 1, NEVER, dtype=np.int64)
        key = self.pick_key[:cells]
        key[:] = _value_levels(values, 62 - rank_bits)
        key <<= np.int64(rank_bits + 1)
        key |= order
        key[~present | self.primary] = NEVER

    def hide(self, cells: np.ndarray) -> None:
        self.suppressed[cells] = True
        self.pick_key[cells] = NEVER

    def cells_of(self, keys: np.ndarray) -> np.ndarray:
        """The cells that minimal pick keys point at (relations without a shown cell: none)."""
        keys = keys[keys != NEVER]
        return self.cell_of_rank[keys & self.rank_mask]


def _value_levels(values: np.ndarray, bits: int) -> np.ndarray:
    """Non-negative integers in the pick order of counts: non-zero ascending, then zero."""
    if len(values) == 0:
        return values.copy()
    low, high = int(values.min()), int(values.max())
    zero = values == 0
    if (high - low + 1).bit_length() <= bits:
        level = values - low
        level[zero] = high - low + 1
        return level
    distinct = sorted_distinct(values[~zero])
    level = np.searchsorted(distinct, values).astype(np.int64)
    level[zero] = len(distinct)
    return level


def needy_rows(entries: np.ndarray, total_bits: np.ndarray, is_sum: bool,
               state: SearchState) -> tuple[int, np.ndarray]:
    """Needy relations among rows of cells, and the cell each one hides next.

    Parameters
    ----------
    entries
        One row of cells per relation (at least two real cells each); -1 where a relation
        has fewer cells than the row.
    total_bits
        Per column, ``state.total_bit`` for subtracted cells (a sum's total) and 0 otherwise.
    is_sum
        Whether every row is a sum with its total in column 0.
    state
        The search so far.

    Returns
    -------
    tuple
        How many relations give a hidden cell away, and the cells to hide for them.
    """
    hidden = state.suppressed[entries]
    count = _row_sum(hidden)
    needy = count == 1
    if is_sum:
        # A shown total and hidden parts whose residual equals their number: each part is 1.
        candidates = np.flatnonzero((count >= 2) & ~hidden[:, 0])
        if len(candidates):
            value = state.values[entries[candidates]]
            shown_parts = _row_sum(np.where(hidden[candidates, 1:], 0, value[:, 1:]))
            needy[candidates] |= value[:, 0] - shown_parts == count[candidates]
    return int(np.count_nonzero(needy)), pick_in_rows(entries[needy], total_bits, state)


def pick_in_rows(entries: np.ndarray, total_bits: np.ndarray, state: SearchState
                 ) -> np.ndarray:
    """The cell each row of cells (a relation, as in :func:`needy_rows`) hides next."""
    keys = state.pick_key[entries] | total_bits
    return state.cells_of(keys.min(axis=1))


def _row_sum(block: np.ndarray) -> np.ndarray:
    """Sum of each row; column by column, which is much faster than ``sum(axis=1)`` when
    rows are short."""
    total = block[:, 0].astype(np.int64)
    for column in range(1, block.shape[1]):
        total += block[:, column]
    return total


def needy_segments(cells: np.ndarray, starts: np.ndarray, is_total: np.ndarray,
                   is_sum: np.ndarray, state: SearchState) -> tuple[int, np.ndarray]:
    """Needy relations among consecutive runs of cells, and the cell each one hides next.

    Parameters
    ----------
    cells
        The cells of the relations, one relation after the other (at least two each).
    starts
        Where each relation's run begins.
    is_total
        Per entry: a subtracted cell (a sum's total comes first in its run).
    is_sum
        Per relation: a sum (exactly one subtracted cell).
    state
        The search so far.

    Returns
    -------
    tuple
        How many relations give a hidden cell away, and the cells to hide for them.
    """
    lengths = np.diff(starts, append=len(cells))
    hidden = state.suppressed[cells]
    count = np.add.reduceat(hidden, starts, dtype=np.int64)
    needy = count == 1
    candidates = np.flatnonzero(is_sum & (count >= 2) & ~hidden[starts])
    if len(candidates):
        take = np.repeat(_mask_of(candidates, len(starts)), lengths)
        value = state.values[cells[take]]
        sub_starts = _starts_of(lengths[candidates])
        total_value = value[sub_starts]
        shown = np.add.reduceat(np.where(hidden[take], 0, value), sub_starts)
        needy[candidates] |= total_value - (shown - total_value) == count[candidates]
    take = np.repeat(needy, lengths)
    return int(np.count_nonzero(needy)), pick_in_segments(
        cells[take], _starts_of(lengths[needy]), is_total[take], state)


def pick_in_segments(cells: np.ndarray, starts: np.ndarray, is_total: np.ndarray,
                     state: SearchState) -> np.ndarray:
    """The cell each run of cells (a relation, as in :func:`needy_segments`) hides next."""
    if len(starts) == 0:
        return np.array([], dtype=np.int64)
    keys = state.pick_key[cells] | np.where(is_total, state.total_bit, 0)
    return state.cells_of(np.minimum.reduceat(keys, starts))


def _mask_of(items: np.ndarray, size: int) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    mask[items] = True
    return mask


def _starts_of(lengths: np.ndarray) -> np.ndarray:
    starts = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    return starts


def sorted_distinct(items: np.ndarray) -> np.ndarray:
    """``np.unique`` for integers, by sorting: NumPy's hash-based unique is far slower."""
    items = np.sort(items)
    return items[np.concatenate(([True], items[1:] != items[:-1]))] if len(items) else items


def segment_positions(start: np.ndarray, items: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Concatenated ranges ``start[i]:start[i + 1]`` for each item, and the item of each."""
    lengths = start[items + 1] - start[items]
    owner = np.repeat(np.arange(len(items)), lengths)
    if len(owner) == 0:
        return owner.astype(np.int64), owner
    first = np.repeat(start[items] - _starts_of(lengths), lengths)
    return first + np.arange(len(owner)), owner


class RelationFamily(ABC):
    """Relations that can be judged as a whole or, after a round, just where it hid cells.

    Every relation of a family has at least two cells (one cell alone protects nothing and
    reveals nothing).
    """

    @abstractmethod
    def needy_picks(self, touched: np.ndarray | None, state: SearchState
                    ) -> tuple[int, np.ndarray]:
        """How many relations give a hidden cell away, and the cells to hide for them.

        Whether a relation gives a cell away depends only on which of its cells are hidden,
        so after the first round (``touched`` is None) only relations with a cell in
        ``touched``, the cells hidden in the previous round, can have become needy.
        """

    @abstractmethod
    def listed(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All relations as entries: relation number, cell, coefficient."""


class ListedRelations(RelationFamily):
    """Relations given entry by entry, sorted by relation (totals first) and by cell."""

    def __init__(self, relations: pd.DataFrame, cells: int) -> None:
        rid = relations["relation_id"].to_numpy()
        coef = relations["coef"].to_numpy()
        order = np.lexsort((coef, rid))
        rid = rid[order]
        self.cell = relations["cell"].to_numpy().astype(np.int64)[order]
        self.is_total = coef[order] < 0
        boundaries = np.flatnonzero(np.diff(rid)) + 1
        self.start = np.concatenate(([0], boundaries, [len(rid)] if len(rid) else [])
                                    ).astype(np.int64)
        self.count = len(self.start) - 1
        size = np.diff(self.start)
        dense = np.repeat(np.arange(self.count), size)
        self.is_sum = np.bincount(dense, weights=self.is_total, minlength=self.count) == 1
        self.is_relation = size >= 2
        by_cell = np.argsort(self.cell, kind="stable")
        self.relation_of_entry = dense[by_cell]
        self.cell_start = np.concatenate(
            ([0], np.cumsum(np.bincount(self.cell, minlength=cells)))).astype(np.int64)

    def needy_picks(self, touched: np.ndarray | None, state: SearchState
                    ) -> tuple[int, np.ndarray]:
        relations = (np.flatnonzero(self.is_relation) if touched is None
                     else self._relations_of(touched))
        if len(relations) == 0:
            return 0, np.array([], dtype=np.int64)
        positions, _ = segment_positions(self.start, relations)
        starts = _starts_of(self.start[relations + 1] - self.start[relations])
        return needy_segments(self.cell[positions], starts, self.is_total[positions],
                              self.is_sum[relations], state)

    def _relations_of(self, cells: np.ndarray) -> np.ndarray:
        positions, _ = segment_positions(self.cell_start, sorted_distinct(cells))
        touched = _mask_of(self.relation_of_entry[positions], self.count)
        return np.flatnonzero(touched & self.is_relation)

    def listed(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        keep = np.repeat(self.is_relation, np.diff(self.start))
        dense = np.repeat(np.arange(self.count), np.diff(self.start))
        return dense[keep], self.cell[keep], np.where(self.is_total[keep], -1, 1)


def suppress_small_cells(values: np.ndarray,
                         relations: pd.DataFrame | Sequence[RelationFamily],
                         threshold: int, order: np.ndarray | None = None
                         ) -> SuppressionResult:
    """Primary plus complementary suppression over one set of cells and relations.

    Parameters
    ----------
    values
        Exact counts, one per cell (cell ids are positions in this array).
    relations
        ``relation_id``, ``cell``, ``coef``: every published sum among the cells; or the
        families of those relations.
    threshold
        Counts below this are hidden.
    order
        Per cell, its place among equal candidates for complementary suppression (by
        default the cell id); -1 marks a placeholder that is not a published cell (count 0,
        never hidden).

    Returns
    -------
    SuppressionResult
        The hidden cells; no hidden count can be recovered from the shown ones.
    """
    values = np.asarray(values, dtype=np.int64)
    order = np.arange(len(values), dtype=np.int64) if order is None else np.asarray(order)
    families = ([ListedRelations(relations, len(values))]
                if isinstance(relations, pd.DataFrame) else list(relations))
    state = SearchState(values, order, threshold)
    primary = state.primary
    # Nothing hidden, nothing to give away: skip the rounds.
    finished = not primary.any()
    touched = None
    rounds = 0
    while not finished and rounds < MAX_ROUNDS:
        rounds += 1
        needy, picks = 0, []
        for family in families:
            found, picked = family.needy_picks(touched, state)
            needy += found
            picks.append(picked)
        touched = np.concatenate(picks)
        if not needy:
            finished = True
        elif len(touched) == 0:
            log.warning("%d relations cannot be protected further", needy)
            finished = True
        else:
            state.hide(touched)
    if not finished:
        log.warning("complementary suppression stopped after %d rounds", rounds)
    suppressed = state.suppressed[:-1]
    log.info("suppression: %d primary, %d complementary of %d cells (%d rounds)",
             int(primary.sum()), int((suppressed & ~primary).sum()),
             int(np.count_nonzero(order >= 0)), rounds)
    return SuppressionResult(suppressed=suppressed, primary=primary, rounds=rounds)
