"""The relations of the published tables: the right sums, and the same hidden cells whether
the search lists every relation or works family by family on the grid."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.transform import grid_relations
from etl.transform.published_relations import (
    FUNNEL_MEASURES,
    funnel_families,
    funnel_grid,
    leveled_partitions,
    listed_relations,
    signal_families,
    signal_grid,
    signal_relations,
)
from etl.transform.suppress_small_cells import suppress_small_cells

THRESHOLD = 5
PARTNERS = ("Zorg", "Huur", "Water")
SIGNAL_COLUMNS = ["area_code", "area_level", "partner_type", "window_months", "month",
                  "months_covered", "signals", "households"]


def random_table(seed: int, months: int, windows: tuple[int, ...], wijken: int,
                 partners: int, gaps: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Buurten in wijken in one gemeente (plus a custom split of it), partner types with
    'Totaal', complete and some incomplete windows, random counts; ``gaps`` of the rows
    left out (a partner type without signals in an area, a month without a row)."""
    rng = np.random.default_rng(seed)
    buurten = {f"BU0001{w:02d}{b:02d}": f"WK0001{w:02d}"
               for w in range(wijken) for b in range(int(rng.integers(1, 4)))}
    rows = [(b, "buurt", b) for b in buurten] + [(w, "wijk", b) for b, w in buurten.items()]
    rows += [("GM0001", "gemeente", b) for b in buurten]
    rows += [("NP01" if w.endswith("00") else "NP02", "nplv", b) for b, w in buurten.items()]
    membership = pd.DataFrame(rows, columns=["area_code", "area_level", "buurt_code"])
    areas = membership.drop_duplicates("area_code")[["area_code", "area_level"]]
    month_list = pd.date_range("2024-01-01", periods=months, freq="MS")
    table = []
    for area, level in areas.itertuples(index=False):
        for partner in (*PARTNERS[:partners], "Totaal"):
            for window in windows:
                for i, month in enumerate(month_list):
                    covered = min(i + 1, window)
                    if (covered < window and rng.random() < 0.7) or rng.random() < gaps:
                        continue
                    value = int(rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 30]))
                    table.append((area, level, partner, window, month, covered, value,
                                  max(value - int(rng.integers(0, 3)), 0)))
    frame = pd.DataFrame(table, columns=SIGNAL_COLUMNS)
    return frame.sample(frac=1, random_state=seed).reset_index(drop=True), membership


tables = st.builds(random_table, seed=st.integers(0, 2**32 - 1), months=st.integers(1, 15),
                   windows=st.sampled_from([(1,), (1, 3), (1, 3, 12), (3, 1, 12), (1, 12),
                                            (3,), (1, 6)]),
                   wijken=st.integers(1, 3), partners=st.integers(0, 3),
                   gaps=st.sampled_from([0.0, 0.1, 0.4]))


@contextlib.contextmanager
def judged_everywhere(always: bool) -> Iterator[None]:
    """Force the families to judge all relations on the grid, or to list them one by one."""
    before = grid_relations.WHOLE_GRID_SHARE
    grid_relations.WHOLE_GRID_SHARE = 0.0 if always else float("inf")
    try:
        yield
    finally:
        grid_relations.WHOLE_GRID_SHARE = before


def hidden_both_ways(grid, families, values: np.ndarray) -> tuple[np.ndarray, ...]:
    """Hidden cells from the listed relations and from the families (both strategies)."""
    listed = suppress_small_cells(values, listed_relations(grid, families), THRESHOLD)
    found = []
    for always in (True, False):
        with judged_everywhere(always):
            result = suppress_small_cells(grid.spread(values), families, THRESHOLD,
                                          order=grid.order)
        found.append(grid.collect(result.suppressed))
    return listed.suppressed, *found


@settings(max_examples=120, deadline=None)
@given(tables)
def test_signal_families_hide_the_cells_their_listed_relations_hide(table):
    frame, membership = table
    grid = signal_grid(pa.Table.from_pandas(frame, preserve_index=False))
    signals, households = signal_families(grid, leveled_partitions(membership))
    for families, column in ((signals, "signals"), (households, "households")):
        listed, everywhere, one_by_one = hidden_both_ways(grid, families,
                                                          frame[column].to_numpy())
        assert np.array_equal(listed, everywhere)
        assert np.array_equal(listed, one_by_one)


@settings(max_examples=60, deadline=None)
@given(tables)
def test_funnel_families_hide_the_cells_their_listed_relations_hide(table):
    frame, membership = table
    rows = frame[frame["partner_type"] == "Totaal"].reset_index(drop=True)
    rng = np.random.default_rng(len(rows))
    values = rng.choice([0, 0, 1, 2, 3, 6, 9, 20], size=len(rows) * len(FUNNEL_MEASURES))
    grid = funnel_grid(pa.Table.from_pandas(rows, preserve_index=False))
    families = funnel_families(grid, leveled_partitions(membership))
    listed, everywhere, one_by_one = hidden_both_ways(grid, families, values)
    assert np.array_equal(listed, everywhere)
    assert np.array_equal(listed, one_by_one)


def expected_signal_relations(frame: pd.DataFrame, partitions: list[tuple[str, list[str]]]
                              ) -> Counter:
    """Every relation among the rows, derived row by row: sets of (row, coefficient)."""
    month = {m: i for i, m in enumerate(sorted(frame["month"].unique()))}
    row = {(r.area_code, r.partner_type, r.window_months, month[r.month]): i
           for i, r in enumerate(frame.itertuples())}
    complete = {key for key, i in row.items()
                if frame.at[i, "months_covered"] == frame.at[i, "window_months"]}
    found: Counter = Counter()

    def add(total: int, parts: list[int], extra: tuple = ()) -> None:
        if parts or extra:
            found[frozenset([(total, -1), *((p, 1) for p in parts), *extra])] += 1

    for (area, partner, window, m), i in row.items():
        if partner == "Totaal":
            add(i, [j for p in PARTNERS if (j := row.get((area, p, window, m))) is not None])
        for whole, parts in partitions:
            if area == whole:
                add(i, [j for part in parts
                        if (j := row.get((part, partner, window, m))) is not None])
        if window in (3, 12) and (area, partner, window, m) in complete:
            add(i, [j for lag in range(window)
                    if (j := row.get((area, partner, 1, m - lag))) is not None])
            before = (area, partner, window, m - 1)
            first, dropped = row.get((area, partner, 1, m)), row.get((area, partner, 1,
                                                                      m - window))
            if before in complete and first is not None and dropped is not None:
                found[frozenset([(i, 1), (row[before], -1), (first, -1),
                                 (dropped, 1)])] += 1
    return found


def as_sets(relations: pd.DataFrame) -> Counter:
    return Counter(frozenset(zip(part["cell"], part["coef"], strict=True))
                   for _, part in relations.groupby("relation_id"))


@pytest.mark.parametrize("months,windows", [(8, (1, 3)), (14, (1, 3, 12)), (3, (1,))])
def test_signal_relations_are_the_partner_area_and_window_sums(months, windows):
    frame, membership = random_table(7, months, windows, wijken=2, partners=2, gaps=0.1)
    buurten = membership.loc[membership["area_level"] == "buurt", "area_code"].tolist()
    wijk = dict(zip(membership.loc[membership["area_level"] == "wijk", "buurt_code"],
                    membership.loc[membership["area_level"] == "wijk", "area_code"],
                    strict=True))
    nplv = dict(zip(membership.loc[membership["area_level"] == "nplv", "buurt_code"],
                    membership.loc[membership["area_level"] == "nplv", "area_code"],
                    strict=True))
    partitions = [("GM0001", buurten), ("GM0001", ["WK000100", "WK000101"]),
                  ("GM0001", ["NP01", "NP02"])]
    for whole in {*wijk.values(), *nplv.values()}:
        partitions.append((whole, [b for b in buurten if whole in (wijk[b], nplv[b])]))
    signals, households = signal_relations(frame, membership)
    assert as_sets(signals) == expected_signal_relations(frame, partitions)
    areas_only = frame.assign(partner_type=frame["partner_type"] + "-",
                              window_months=frame["window_months"] * 100)
    assert as_sets(households) == expected_signal_relations(areas_only, partitions)


def test_a_grid_refuses_two_rows_for_one_cell():
    frame, _ = random_table(1, 3, (1,), wijken=1, partners=1, gaps=0.0)
    twice = pd.concat([frame, frame.head(1)], ignore_index=True)
    with pytest.raises(ValueError, match="two rows"):
        signal_grid(pa.Table.from_pandas(twice, preserve_index=False))
