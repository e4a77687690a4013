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

MAX_ROUNDS = 200


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


def _relation_frame(relations: pd.DataFrame, values: np.ndarray,
                    suppressed: np.ndarray) -> pd.DataFrame:
    rel = relations[["relation_id", "cell", "coef"]].copy()
    rel["value"] = values[rel["cell"].to_numpy()]
    rel["hidden"] = suppressed[rel["cell"].to_numpy()]
    return rel


def _pick_complements(rel: pd.DataFrame, needy: np.ndarray) -> np.ndarray:
    """For each needy relation, the shown cell to hide: the smallest non-zero count (zeros
    only when nothing else is left; among equals a part before a total). Hiding the
    smallest keeps the loss small: usually a single month or partner type, not a window
    or an area total."""
    candidates = rel[rel["relation_id"].isin(needy) & ~rel["hidden"]].copy()
    if candidates.empty:
        return np.array([], dtype=np.int64)
    candidates["rank_zero"] = candidates["value"] == 0
    candidates["rank_total"] = candidates["coef"] < 0
    candidates = candidates.sort_values(["relation_id", "rank_zero", "value", "rank_total",
                                         "cell"])
    return candidates.drop_duplicates("relation_id")["cell"].to_numpy()


def _needy_relations(rel: pd.DataFrame) -> np.ndarray:
    """Relations that give a hidden cell away on their own."""
    grouped = rel.groupby("relation_id", sort=False)
    hidden = grouped["hidden"].sum()
    size = grouped["hidden"].size()
    single = hidden[(hidden == 1) & (size >= 2)].index.to_numpy()
    # In a sum whose total is shown and whose hidden cells are all parts, a residual equal to
    # the number of hidden parts means each hidden count is exactly 1.
    negatives = rel[rel["coef"] < 0].groupby("relation_id").size()
    sums = negatives[negatives == 1].index
    rel = rel[rel["relation_id"].isin(sums)]
    total_shown = rel[(rel["coef"] < 0) & ~rel["hidden"]].set_index("relation_id")["value"]
    parts_shown = rel[(rel["coef"] > 0) & ~rel["hidden"]].groupby("relation_id")["value"].sum()
    parts_hidden = rel[(rel["coef"] > 0) & rel["hidden"]].groupby("relation_id").size()
    candidates = parts_hidden[parts_hidden >= 2].index.intersection(total_shown.index)
    residual = total_shown.reindex(candidates) - parts_shown.reindex(candidates).fillna(0)
    ones = residual[residual == parts_hidden.reindex(candidates)].index.to_numpy()
    return np.union1d(single, ones)


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
    rounds = 0
    while rounds < MAX_ROUNDS:
        rounds += 1
        rel = _relation_frame(relations, values, suppressed)
        needy = _needy_relations(rel)
        if len(needy) == 0:
            break
        picks = _pick_complements(rel, needy)
        if len(picks) == 0 or suppressed[picks].all():
            log.warning("%d relations cannot be protected further", len(needy))
            break
        suppressed[picks] = True
    log.info("suppression: %d primary, %d complementary of %d cells (%d rounds)",
             int(primary.sum()), int((suppressed & ~primary).sum()), len(values), rounds)
    return SuppressionResult(suppressed=suppressed, primary=primary, rounds=rounds)
