"""The fast search for complementary suppression hides exactly what the plain algorithm hides.

The reference below is the documented algorithm written as plainly as possible: every round
judges every relation, and each relation that gives a hidden cell away hides its smallest
shown cell (non-zero counts first, then parts before totals, then the lower cell id).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.transform.suppress_small_cells import suppress_small_cells

THRESHOLD = 5


def reference_suppression(values: list[int], relations: pd.DataFrame,
                          threshold: int) -> list[bool]:
    """Primary and complementary suppression, one relation at a time."""
    listed: dict[int, list[tuple[int, int]]] = {}
    for relation, cell, coef in relations[["relation_id", "cell", "coef"]].itertuples(
            index=False):
        listed.setdefault(relation, []).append((cell, coef))
    hidden = [1 <= value < threshold for value in values]
    while True:
        picks, needy_found = set(), False
        for entries in listed.values():
            if len(entries) < 2:
                continue
            needy = sum(hidden[cell] for cell, _ in entries) == 1
            totals = [cell for cell, coef in entries if coef < 0]
            if len(totals) == 1 and not hidden[totals[0]]:
                parts_hidden = sum(1 for cell, coef in entries if coef > 0 and hidden[cell])
                parts_shown = sum(values[cell] for cell, coef in entries
                                  if coef > 0 and not hidden[cell])
                needy |= (parts_hidden >= 2
                          and values[totals[0]] - parts_shown == parts_hidden)
            if needy:
                needy_found = True
                shown = [(values[cell] == 0, values[cell], coef < 0, cell)
                         for cell, coef in entries if not hidden[cell]]
                if shown:
                    picks.add(min(shown)[3])
        if not needy_found or not picks:
            return hidden
        for cell in picks:
            hidden[cell] = True


@st.composite
def suppression_problems(draw, largest: int = 12) -> tuple[list[int], pd.DataFrame]:
    """Counts and sums (a total and its parts) or window differences (two +1, two -1)."""
    cells = draw(st.integers(2, 24))
    count = st.integers(0, 12) | st.integers(0, largest)
    values = draw(st.lists(count, min_size=cells, max_size=cells))
    rows = []
    for relation in range(draw(st.integers(0, 14))):
        order = draw(st.permutations(range(cells)))
        if cells >= 4 and draw(st.booleans()):
            rows += [(relation, cell, coef)
                     for cell, coef in zip(order[:4], (1, -1, -1, 1), strict=True)]
        else:
            parts = draw(st.integers(1, min(6, cells - 1)))
            rows += [(relation, order[0], -1)] + [(relation, cell, 1)
                                                   for cell in order[1:parts + 1]]
    relations = pd.DataFrame(rows, columns=["relation_id", "cell", "coef"])
    return values, relations.astype({"relation_id": "int64", "cell": "int64", "coef": "int64"})


@settings(max_examples=300, deadline=None)
@given(suppression_problems())
def test_suppress_small_cells_hides_what_the_plain_algorithm_hides(problem):
    values, relations = problem
    result = suppress_small_cells(np.array(values), relations, THRESHOLD)
    assert result.suppressed.tolist() == reference_suppression(values, relations, THRESHOLD)


@settings(max_examples=100, deadline=None)
@given(suppression_problems(largest=2**60))
def test_suppress_small_cells_orders_counts_of_any_size(problem):
    # Too far apart to pack into a pick key as they are: ranked first.
    values, relations = problem
    result = suppress_small_cells(np.array(values), relations, THRESHOLD)
    assert result.suppressed.tolist() == reference_suppression(values, relations, THRESHOLD)


@settings(max_examples=100, deadline=None)
@given(suppression_problems(), st.randoms(use_true_random=False))
def test_suppress_small_cells_breaks_ties_by_order_and_skips_placeholders(problem, random):
    values, relations = problem
    # Renumber the cells and add placeholders between them: same choices, in new places.
    count = len(values)
    places = sorted(random.sample(range(2 * count), count))
    order = np.full(2 * count, -1)
    order[places] = np.arange(count)
    spread = np.zeros(2 * count, dtype=np.int64)
    spread[places] = values
    moved = relations.assign(cell=np.array(places)[relations["cell"].to_numpy()])
    result = suppress_small_cells(spread, moved, THRESHOLD, order=order)
    assert result.suppressed[places].tolist() == reference_suppression(values, relations,
                                                                       THRESHOLD)
    assert not result.suppressed[order < 0].any()


def test_suppress_small_cells_without_relations_hides_the_small_counts_only():
    relations = pd.DataFrame({"relation_id": [], "cell": [], "coef": []}, dtype="int64")
    result = suppress_small_cells(np.array([0, 3, 7, 4]), relations, THRESHOLD)
    assert result.suppressed.tolist() == [False, True, False, True]
    assert not result.complementary.any()
