"""The cells of a published table on a grid area x series x window x month.

Every sum an attacker could subtract with ties cells that differ in one coordinate: the
partner types of one area and period, the buurten of a wijk in one period, the months of a
window. With the cells at known grid positions, the cells of such a sum follow by arithmetic
instead of by joining keys, and one relation's hidden count is a slice of a grid array.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa


class CellGrid:
    """The cells of one table on a grid area x series x window x month.

    A grid position is ``((area * series + s) * windows + w) * months + m``; positions
    without a row are placeholders. ``order`` holds the cell id of every position (-1 for a
    placeholder): cell ids, and with them the choice among equally small candidates for
    complementary suppression, are those of the table's rows.
    """

    def __init__(self, areas: np.ndarray, series: Sequence[str], area: np.ndarray,
                 series_index: np.ndarray, window_months: np.ndarray, month: np.ndarray,
                 months_covered: np.ndarray) -> None:
        self.areas = areas
        self.series = list(series)
        window, windows = pd.factorize(window_months, sort=True)
        self.windows = np.asarray(windows, dtype=np.int64)
        first = int(month.min()) if len(month) else 0
        months = int(month.max()) - first + 1 if len(month) else 1
        self.shape = (len(areas), len(self.series), len(self.windows), months)
        _, series_count, window_count, _ = self.shape
        self.size = int(np.prod(self.shape))
        cell = area.astype(np.int64)
        cell *= series_count
        cell += series_index
        cell *= window_count
        cell += window
        cell *= months
        cell += month
        cell -= first
        self.cell = cell
        self.order = np.full(self.size, -1, dtype=np.int32 if len(cell) < 2**31 else np.int64)
        self.order[self.cell] = np.arange(len(self.cell))
        self.exists = self.order >= 0
        if np.count_nonzero(self.exists) != len(self.cell):
            raise ValueError("two rows for one area, series, window and month")
        self.complete = np.zeros(self.size, dtype=bool)
        self.complete[self.cell] = months_covered == window_months

    def window(self, months: int) -> int | None:
        """Index of the window of ``months`` months, if the table has it."""
        found = np.flatnonzero(self.windows == months)
        return int(found[0]) if len(found) else None

    def spread(self, values: np.ndarray) -> np.ndarray:
        """Per-cell values on the grid (0 at placeholders)."""
        out = np.zeros(self.size, dtype=np.int64)
        out[self.cell] = values
        return out

    def collect(self, on_grid: np.ndarray) -> np.ndarray:
        """Per-position values back per cell."""
        return on_grid[self.cell]


def _codes(column: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of a string column and the distinct values (Arrow's hash, no objects)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = column.dictionary_encode()
    return encoded.indices.to_numpy(), encoded.dictionary.to_numpy(zero_copy_only=False)


def _month_index(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Months since 1970 (any date, timestamp or date-like text); a table has few distinct
    months, so only those go through the calendar."""
    if pa.types.is_date32(column.type):
        codes, days = pd.factorize(column.cast(pa.int32()).to_numpy())
        distinct = days.astype("datetime64[D]")
    else:
        stamps = (column.to_numpy() if pa.types.is_temporal(column.type)
                  else pd.to_datetime(column.to_numpy(zero_copy_only=False)).to_numpy())
        codes, distinct = pd.factorize(stamps)
    return np.asarray(distinct).astype("datetime64[M]").astype(np.int64)[codes]


def _numbers(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return column.to_numpy()


def grid_by_series(table: pa.Table, series: str) -> CellGrid:
    """Grid with one cell per row, the series named in a column.

    Parameters
    ----------
    table
        ``area_code``, ``window_months``, ``month``, ``months_covered`` and ``series``.
    series
        The column that names each row's series (the partner type).

    Returns
    -------
    CellGrid
        Cell ids are row positions.
    """
    area, areas = _codes(table.column("area_code"))
    index, names = _codes(table.column(series))
    return CellGrid(areas, names, area, index, _numbers(table.column("window_months")),
                    _month_index(table.column("month")),
                    _numbers(table.column("months_covered")))


def grid_by_measure(table: pa.Table, measures: Sequence[str]) -> CellGrid:
    """Grid with one cell per row and measure column, the measure as series.

    Parameters
    ----------
    table
        ``area_code``, ``window_months``, ``month``, ``months_covered``.
    measures
        The count columns, in order.

    Returns
    -------
    CellGrid
        Cells numbered measure by measure: the rows' first measure, then their second...
    """
    area, areas = _codes(table.column("area_code"))
    series = np.repeat(np.arange(len(measures), dtype=np.int64), table.num_rows)

    def tiled(values: np.ndarray) -> np.ndarray:
        return np.tile(values, len(measures))

    return CellGrid(areas, measures, tiled(area), series,
                    tiled(_numbers(table.column("window_months"))),
                    tiled(_month_index(table.column("month"))),
                    tiled(_numbers(table.column("months_covered"))))
