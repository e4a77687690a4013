"""Families of relations on a cell grid, for the search of complementary suppression.

Each family is one kind of sum (partner types to 'Totaal', months to a window, consecutive
windows, areas to a whole) with its relations numbered by grid coordinates, so that which
numbers are relations, the cells of a relation and the relations of a cell are arithmetic.
A family judges all its relations at once with a few operations on whole grid arrays (the
first rounds of the search, which touch most relations) or lists the cells of just the
relations a round touched (the later rounds, which touch few).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from etl.transform.cell_grid import CellGrid
from etl.transform.suppress_small_cells import (
    RelationFamily,
    SearchState,
    needy_rows,
    needy_segments,
    pick_in_rows,
    pick_in_segments,
    segment_positions,
    sorted_distinct,
)

#: A family judges all its relations at once (whole grid arrays) when the relations to judge
#: are at least this share of its relation numbers, and lists the cells of each otherwise.
WHOLE_GRID_SHARE = 1 / 3


class _GridFamily(RelationFamily):
    """Relations numbered by grid coordinates; which numbers are relations is known up front.

    Whether a relation gives a hidden cell away depends only on which of its cells are
    hidden, so a family can judge all its relations at once with a few operations on whole
    grid arrays, or judge some of them by listing their cells. The first rounds of the search
    touch a large share of all relations (whole arrays are far cheaper), later ones a few.
    """

    #: How many relations a cell takes part in, at most or typically: with the number of
    #: cells hidden in a round, an estimate of how many relations the next round judges.
    fanout: float = 1.0

    def __init__(self, grid: CellGrid, is_relation: np.ndarray) -> None:
        self.grid = grid
        self.is_relation = is_relation

    def present(self) -> np.ndarray:
        return np.flatnonzero(self.is_relation)

    def needy_picks(self, touched: np.ndarray | None, state: SearchState
                    ) -> tuple[int, np.ndarray]:
        # A pass over whole arrays costs about as much as one per relation number.
        judged = len(self.is_relation) if touched is None else len(touched) * self.fanout
        if judged >= WHOLE_GRID_SHARE * len(self.is_relation):
            found = np.flatnonzero(self._needy_everywhere(state))
            return len(found), self._pick(found, state)
        relations = self.present() if touched is None else self._relations_of(touched)
        if len(relations) == 0:
            return 0, np.array([], dtype=np.int64)
        return self._needy_picks_listed(relations, state)

    def _relations_of(self, cells: np.ndarray) -> np.ndarray:
        """Every relation that one of ``cells`` takes part in."""
        touched = self._touched(cells)
        if sum(len(relations) for relations in touched) * 16 < len(self.is_relation):
            relations = sorted_distinct(np.concatenate(touched))
            return relations[self.is_relation[relations]]
        mask = np.zeros(len(self.is_relation), dtype=bool)
        for relations in touched:
            mask[relations] = True
        return np.flatnonzero(mask & self.is_relation)

    def _needy_picks_listed(self, relations: np.ndarray, state: SearchState
                            ) -> tuple[int, np.ndarray]:
        """:meth:`needy_picks` by listing the cells of ``relations``."""
        raise NotImplementedError

    def _needy_everywhere(self, state: SearchState) -> np.ndarray:
        """Per relation number: a relation that gives a hidden cell away (all relations are
        judged; the ones that cannot have changed are simply found not needy again)."""
        raise NotImplementedError

    def _pick(self, relations: np.ndarray, state: SearchState) -> np.ndarray:
        """The cell each of ``relations`` hides next."""
        raise NotImplementedError

    def _touched(self, cells: np.ndarray) -> list[np.ndarray]:
        """Relation numbers (possibly not relations) that ``cells`` take part in."""
        raise NotImplementedError

    def _on_grid(self, state: SearchState) -> tuple[np.ndarray, np.ndarray]:
        """Hidden cells and counts as (area x series, window, month) arrays."""
        areas, series, windows, months = self.grid.shape
        shape = (areas * series, windows, months)
        return state.suppressed[:-1].reshape(shape), state.values[:-1].reshape(shape)

    def _split(self, cells: np.ndarray) -> tuple[np.ndarray, ...]:
        """Grid coordinates (area x series, window, month) of grid positions."""
        _, _, windows, months = self.grid.shape
        series_row, rest = np.divmod(cells, windows * months)
        window, month = np.divmod(rest, months)
        return series_row, window, month


def _needy_sums(count: np.ndarray, total_hidden: np.ndarray, total_value: np.ndarray,
                shown_parts: Callable[[], np.ndarray]) -> np.ndarray:
    """Sums that give a hidden cell away: one hidden cell, or a shown total and hidden
    parts whose residual equals their number (each part is 1)."""
    needy = count == 1
    candidates = (count >= 2) & ~total_hidden
    if candidates.any():
        needy |= candidates & (total_value - shown_parts() == count)
    return needy


class _RowFamily(_GridFamily):
    """Relations with a fixed number of cells each, listed as one row per relation."""

    #: Columns of subtracted cells.
    total_columns: tuple[int, ...] = (0,)
    is_sum = True

    def entries(self, relations: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _needy_picks_listed(self, relations: np.ndarray, state: SearchState
                            ) -> tuple[int, np.ndarray]:
        entries = self.entries(relations)
        return needy_rows(entries, self._bits_for(entries, state), self.is_sum, state)

    def _pick(self, relations: np.ndarray, state: SearchState) -> np.ndarray:
        entries = self.entries(relations)
        return pick_in_rows(entries, self._bits_for(entries, state), state)

    def _bits_for(self, entries: np.ndarray, state: SearchState) -> np.ndarray:
        total_bits = np.zeros(entries.shape[1], dtype=np.int64)
        total_bits[list(self.total_columns)] = state.total_bit
        return total_bits

    def listed(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        relations = self.present()
        entries = self.entries(relations)
        coef = np.ones(entries.shape[1], dtype=np.int64)
        coef[list(self.total_columns)] = -1
        relation = np.repeat(relations, entries.shape[1])
        coefs = np.tile(coef, len(relations))
        cell = entries.ravel()
        keep = (cell >= 0) & self.grid.exists[cell]
        return relation[keep], cell[keep], coefs[keep]


class SeriesSums(_RowFamily):
    """'Total series = sum of the other series' per area, window and month ('Totaal' of the
    partner types, cases of the funnel results); numbered area x (window, month)."""

    def __init__(self, grid: CellGrid, total: int, parts: Sequence[int]) -> None:
        areas, series, windows, months = grid.shape
        exists = grid.exists.reshape(areas, series, windows * months)
        is_relation = exists[:, total, :] & exists[:, list(parts), :].any(axis=1)
        super().__init__(grid, is_relation.ravel())
        self.total, self.parts = total, list(parts)
        self.series = np.array([total, *parts], dtype=np.int64)
        self.offsets = self.series * windows * months

    def entries(self, relations: np.ndarray) -> np.ndarray:
        _, series, windows, months = self.grid.shape
        area, slot = np.divmod(relations, windows * months)
        return (area * series * windows * months + slot)[:, None] + self.offsets

    def _needy_everywhere(self, state: SearchState) -> np.ndarray:
        areas, series, windows, months = self.grid.shape
        shape = (areas, series, windows * months)
        hidden = state.suppressed[:-1].reshape(shape)
        values = state.values[:-1].reshape(shape)
        count = hidden[:, self.total, :].astype(np.int16)
        for part in self.parts:
            count += hidden[:, part, :]

        def shown_parts() -> np.ndarray:
            shown = np.zeros(count.shape, dtype=np.int64)
            for part in self.parts:
                shown += np.where(hidden[:, part, :], 0, values[:, part, :])
            return shown

        needy = _needy_sums(count, hidden[:, self.total, :], values[:, self.total, :],
                            shown_parts)
        return needy.ravel() & self.is_relation

    def _touched(self, cells: np.ndarray) -> list[np.ndarray]:
        _, series, windows, months = self.grid.shape
        area, rest = np.divmod(cells, series * windows * months)
        partner, slot = np.divmod(rest, windows * months)
        keep = np.isin(partner, self.series)
        return [area[keep] * windows * months + slot[keep]]


def _trailing_sums(block: np.ndarray, width: int, first: int, stop: int) -> np.ndarray:
    """Per row and month from ``first`` to ``stop - 1``: the sum over that month and the
    ``width - 1`` months before it."""
    total = np.zeros((len(block), stop - first), dtype=np.int64)
    for lag in range(width):
        start = max(first, lag)
        if start < stop:
            total[:, start - first:] += block[:, start - lag:stop - lag]
    return total


class _WindowFamily(_RowFamily):
    """Relations between a rolling window and its months, per area and series; numbered by
    (area x series, month of the window)."""

    def __init__(self, grid: CellGrid, window: int, monthly: int, width: int) -> None:
        self.window, self.monthly, self.width = window, monthly, width
        areas, series, windows, months = grid.shape
        shaped = (areas * series, windows, months)
        # Per area x series and month: a complete window, a month.
        self.window_cell = grid.complete.reshape(shaped)[:, window, :]
        self.month_cell = grid.exists.reshape(shaped)[:, monthly, :]
        relations = self._relations()
        # Months with relations (a 12-month window has few): all that is judged at once.
        used = np.flatnonzero(relations.any(axis=0))
        self.first, self.stop = (int(used[0]), int(used[-1]) + 1) if len(used) else (0, 0)
        super().__init__(grid, relations.ravel())

    def _relations(self) -> np.ndarray:
        raise NotImplementedError

    def _cells(self, relations: np.ndarray, window: int, lags: np.ndarray) -> np.ndarray:
        """Cells of window index ``window`` at each relation's month minus ``lags``."""
        _, _, windows, months = self.grid.shape
        series_row, month = np.divmod(relations, months)
        cell = (series_row * (windows * months) + (window * months) + month)[:, None] - lags
        if len(month) and month.min() < lags.max():
            cell[month[:, None] < lags] = -1
        return cell


class WindowSums(_WindowFamily):
    """'W(m) = x(m) + ... + x(m - w + 1)' for every complete window."""

    @property
    def fanout(self) -> float:
        # A month is in the windows of the next ``width`` months that have windows.
        return min(self.width, self.stop - self.first)

    def _relations(self) -> np.ndarray:
        months = self.window_cell.shape[1]
        return self.window_cell & (_trailing_sums(self.month_cell, self.width, 0, months) > 0)

    def entries(self, relations: np.ndarray) -> np.ndarray:
        return np.hstack((self._cells(relations, self.window, np.zeros(1, dtype=np.int64)),
                          self._cells(relations, self.monthly, np.arange(self.width))))

    def _needy_everywhere(self, state: SearchState) -> np.ndarray:
        hidden, values = self._on_grid(state)
        first, stop = self.first, self.stop
        # Months from ``begin`` on are all the windows ending from ``first`` on need.
        begin = max(first - self.width + 1, 0)
        month_hidden = hidden[:, self.monthly, begin:stop]
        total_hidden = hidden[:, self.window, first:stop]
        count = _trailing_sums(month_hidden, self.width, first - begin, stop - begin)
        count += total_hidden

        def shown_parts() -> np.ndarray:
            shown = np.where(month_hidden, 0, values[:, self.monthly, begin:stop])
            return _trailing_sums(shown, self.width, first - begin, stop - begin)

        needy = np.zeros(self.window_cell.shape, dtype=bool)
        needy[:, first:stop] = _needy_sums(count, total_hidden,
                                           values[:, self.window, first:stop], shown_parts)
        return needy.ravel() & self.is_relation

    def _touched(self, cells: np.ndarray) -> list[np.ndarray]:
        months = self.grid.shape[3]
        series_row, window, month = self._split(cells)
        as_total = window == self.window
        touched = [series_row[as_total] * months + month[as_total]]
        as_part = window == self.monthly
        row, month = series_row[as_part], month[as_part]
        for lag in range(self.width):
            later = month + lag < months
            touched.append(row[later] * months + month[later] + lag)
        return touched


class WindowDifferences(_WindowFamily):
    """'W(m) - W(m-1) = x(m) - x(m-w)' for consecutive complete windows."""

    total_columns = (1, 2)
    is_sum = False
    fanout = 2.0

    def _relations(self) -> np.ndarray:
        out = np.zeros_like(self.window_cell)
        w = self.width
        out[:, w:] = (self.window_cell[:, w:] & self.window_cell[:, w - 1:-1]
                      & self.month_cell[:, w:] & self.month_cell[:, :-w])
        return out

    def entries(self, relations: np.ndarray) -> np.ndarray:
        return np.hstack((self._cells(relations, self.window, np.array([0, 1])),
                          self._cells(relations, self.monthly, np.array([0, self.width]))))

    def _needy_everywhere(self, state: SearchState) -> np.ndarray:
        hidden, _ = self._on_grid(state)
        window, month, w = hidden[:, self.window, :], hidden[:, self.monthly, :], self.width
        count = np.zeros(window.shape, dtype=np.int8)
        count[:, w:] = window[:, w:]
        count[:, w:] += window[:, w - 1:-1]
        count[:, w:] += month[:, w:]
        count[:, w:] += month[:, :-w]
        return (count == 1).ravel() & self.is_relation

    def _touched(self, cells: np.ndarray) -> list[np.ndarray]:
        months = self.grid.shape[3]
        series_row, window, month = self._split(cells)
        touched = []
        for index, lags in ((self.window, (0, 1)), (self.monthly, (0, self.width))):
            keep = window == index
            row, start = series_row[keep], month[keep]
            for lag in lags:
                later = start + lag < months
                touched.append(row[later] * months + start[later] + lag)
        return touched


class AreaSums(_GridFamily):
    """'Whole = sum of its parts' per group (a whole and one level of its parts) and slot
    (series, window, month); numbered group x slot."""

    def __init__(self, grid: CellGrid, partitions: pd.DataFrame) -> None:
        areas = pd.Index(grid.areas)
        whole = areas.get_indexer(partitions["area_code"])
        part = areas.get_indexer(partitions["part_code"])
        level = pd.factorize(partitions["partition_level"])[0]
        known = (whole >= 0) & (part >= 0)
        whole, part, level = whole[known], part[known], level[known]
        group, _ = pd.factorize(whole.astype(np.int64) * (int(level.max(initial=0)) + 1)
                                + level)
        by_group = np.argsort(group, kind="stable")
        group, part = group[by_group], part[by_group].astype(np.int64)
        groups = int(group.max()) + 1 if len(group) else 0
        self.whole = np.zeros(groups, dtype=np.int64)
        self.whole[group] = whole[by_group]
        part_count = np.bincount(group, minlength=groups)
        # Members of each group: the whole first, then its parts.
        self.member_start = np.concatenate(([0], np.cumsum(part_count + 1))).astype(np.int64)
        self.member_area = np.empty(self.member_start[-1], dtype=np.int64)
        self.member_area[self.member_start[:-1]] = self.whole
        is_part = np.ones(len(self.member_area), dtype=bool)
        is_part[self.member_start[:-1]] = False
        self.member_area[is_part] = part
        # Group x area: which areas are the parts (sums over parts become one product).
        part_start = np.concatenate(([0], np.cumsum(part_count))).astype(np.int64)
        self.parts = sparse.csr_array((np.ones(len(part), dtype=np.int64), part, part_start),
                                      shape=(groups, len(grid.areas)))
        # Counting needs less than 32 bits per number (a part is counted once).
        self.part_count = self.parts.astype(np.int32)
        _, series, windows, months = grid.shape
        self.slots = series * windows * months
        exists = grid.exists.reshape(len(grid.areas), self.slots)
        any_part = (self.part_count @ exists.astype(np.int32)) > 0
        super().__init__(grid, (exists[self.whole] & any_part).ravel())
        # Groups of each area (as the whole or as a part), for finding touched relations.
        member_group = np.repeat(np.arange(groups), part_count + 1)
        by_area = np.argsort(self.member_area, kind="stable")
        self.group_of_area = member_group[by_area]
        self.area_start = np.concatenate(
            ([0], np.cumsum(np.bincount(self.member_area, minlength=len(grid.areas)))))
        self.fanout = len(self.member_area) / max(len(sorted_distinct(self.member_area)), 1)

    def _segments(self, relations: np.ndarray) -> tuple[np.ndarray, ...]:
        group, slot = np.divmod(relations, self.slots)
        positions, owner = segment_positions(self.member_start, group)
        cells = self.member_area[positions] * self.slots + slot[owner]
        lengths = self.member_start[group + 1] - self.member_start[group]
        starts = np.zeros(len(relations), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        is_total = np.zeros(len(cells), dtype=bool)
        is_total[starts] = True
        return cells, starts, is_total

    def _needy_picks_listed(self, relations: np.ndarray, state: SearchState
                            ) -> tuple[int, np.ndarray]:
        cells, starts, is_total = self._segments(relations)
        return needy_segments(cells, starts, is_total, np.ones(len(starts), dtype=bool), state)

    def _needy_everywhere(self, state: SearchState) -> np.ndarray:
        shape = (len(self.grid.areas), self.slots)
        hidden = state.suppressed[:-1].reshape(shape)
        values = state.values[:-1].reshape(shape)
        total_hidden = hidden[self.whole]
        count = self.part_count @ hidden.astype(np.int32)
        count += total_hidden
        needy = _needy_sums(count, total_hidden, values[self.whole],
                            lambda: self.parts @ np.where(hidden, 0, values))
        return needy.ravel() & self.is_relation

    def _pick(self, relations: np.ndarray, state: SearchState) -> np.ndarray:
        return pick_in_segments(*self._segments(relations), state)

    def _touched(self, cells: np.ndarray) -> list[np.ndarray]:
        area, slot = np.divmod(cells, self.slots)
        positions, owner = segment_positions(self.area_start, area)
        return [self.group_of_area[positions] * self.slots + slot[owner]]

    def listed(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        relations = self.present()
        cells, starts, is_total = self._segments(relations)
        relation = np.repeat(relations, np.diff(starts, append=len(cells)))
        keep = self.grid.exists[cells]
        return relation[keep], cells[keep], np.where(is_total[keep], -1, 1)
