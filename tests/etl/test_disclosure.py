"""Disclosure control holds: no subtraction attack recovers a hidden count.

The attacker here is written independently of the product code: it reads only the published
file, derives every sum it can see (partner types to 'Totaal', buurten to wijk, gemeente and
custom areas, areas that partition another area, months to rolling windows, consecutive
windows to their difference, funnel results to cases) and solves them by repeated
subtraction, plus the 'all ones' inference (a shown total whose hidden parts must each be 1).
"""

from __future__ import annotations

import itertools

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings

from etl.transform.published_relations import (
    leveled_partitions,
    listed_relations,
    signal_families,
    signal_grid,
    signal_relations,
)
from etl.transform.suppress_small_cells import suppress_small_cells
from tests.etl.test_published_relations import tables

THRESHOLD = 5


def peel(cells: pd.DataFrame, equations: pd.DataFrame) -> set[int]:
    """Repeated subtraction: every equation with one unknown reveals it; repeat.

    ``cells``: ``cell``, ``value`` (NaN = hidden). ``equations``: ``eq``, ``cell``, ``coef``
    meaning sum(coef * value) = 0. Returns the hidden cells the attacker recovers.
    """
    values = cells.set_index("cell")["value"].astype(float)
    hidden = set(values.index[values.isna()])
    recovered: set[int] = set()
    eq = equations[["eq", "cell", "coef"]].copy()
    while True:
        eq["unknown"] = eq["cell"].map(values).isna()
        eq["term"] = eq["coef"] * eq["cell"].map(values).fillna(0)
        grouped = eq.groupby("eq")
        unknowns = grouped["unknown"].sum()
        singles = eq[eq["eq"].isin(unknowns[unknowns == 1].index) & eq["unknown"]]
        if singles.empty:
            return recovered | _all_ones(eq, grouped)
        known_sum = grouped["term"].sum()
        solved = -known_sum.reindex(singles["eq"]).to_numpy() / singles["coef"].to_numpy()
        for cell, value in zip(singles["cell"], solved, strict=True):
            values.loc[cell] = value
            recovered.add(cell)
        recovered &= hidden


def _all_ones(eq: pd.DataFrame, grouped) -> set[int]:
    """Cells of sums with a shown total whose hidden parts must each be exactly 1."""
    negatives = grouped["coef"].apply(lambda c: (c < 0).sum())
    sums = eq[eq["eq"].isin(negatives[negatives == 1].index)]
    total_known = sums[(sums["coef"] < 0) & ~sums["unknown"]].set_index("eq")["term"]
    parts = sums[sums["coef"] > 0]
    hidden_parts = parts[parts["unknown"]].groupby("eq").size()
    shown_parts = parts[~parts["unknown"]].groupby("eq")["term"].sum()
    candidates = hidden_parts[hidden_parts >= 2].index.intersection(total_known.index)
    residual = -total_known.reindex(candidates) - shown_parts.reindex(candidates).fillna(0)
    ones = residual[residual == hidden_parts.reindex(candidates)].index
    return set(parts.loc[parts["eq"].isin(ones) & parts["unknown"], "cell"])


def _sum_equations(groups: list[tuple[int, list[int]]], start: int) -> list[tuple]:
    rows = []
    for i, (total, parts) in enumerate(groups):
        if len(parts) < 1:
            continue
        rows.append((start + i, total, -1))
        rows += [(start + i, p, 1) for p in parts]
    return rows


def attack_published(path) -> dict[str, set]:
    """Every subtraction attack on the published signal and funnel tables of ``path``."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        s = con.execute("select * from signals_window_area").fetchdf()
        f = con.execute("select * from funnel_window_area").fetchdf()
        areas = con.execute("""select area_code, area_level, parent_code from area
            qualify row_number() over (partition by area_code order by year desc) = 1"""
                            ).fetchdf()
        members = con.execute("select area_code, buurt_code from area_member").fetchdf()
    finally:
        con.close()
    buurten = set(areas.loc[areas["area_level"] == "buurt", "area_code"])
    sets = {row.area_code: {b for b in buurten if b.startswith("BU" + row.area_code[2:])}
            for row in areas.itertuples() if row.area_level in ("wijk", "gemeente")}
    for code, part in members.groupby("area_code"):
        sets[code] = set(part["buurt_code"])
    levels = dict(zip(areas["area_code"], areas["area_level"], strict=True))
    partitions: list[tuple[str, list[str]]] = []
    for whole, inner in sets.items():
        partitions.append((whole, sorted(inner)))
        by_level: dict[str, list[str]] = {}
        for code, other in sets.items():
            if code != whole and other <= inner:
                by_level.setdefault(levels[code], []).append(code)
        for codes in by_level.values():
            union = [b for c in codes for b in sets[c]]
            if len(codes) > 1 and len(union) == len(set(union)) and set(union) == inner:
                partitions.append((whole, codes))
    results = {}
    for name, frame, measures, keys, windowed in (
        ("signals", s, ["signals"], ["partner_type"], True),
        ("households", s, ["households"], ["partner_type"], False),
        ("funnel", f, ["cases", "contacted", "reached", "result_hulp", "result_zelf_opgelost",
                       "result_geen_hulp_nodig", "result_al_in_beeld", "result_geen_contact",
                       "result_niet_opgepakt", "result_lopend"], [], True),
    ):
        long = frame.melt(id_vars=["area_code", *keys, "window_months", "month"],
                          value_vars=measures, var_name="measure", value_name="value")
        long["cell"] = np.arange(len(long))
        index = {k: c for k, c in zip(
            zip(long["area_code"], *[long[k] for k in keys], long["window_months"],
                long["month"], long["measure"], strict=True), long["cell"], strict=True)}
        zero = len(long)  # absent rows are known zeros
        cells = pd.concat([long[["cell", "value"]],
                           pd.DataFrame({"cell": [zero], "value": [0.0]})])
        groups = []
        other = sorted({tuple(r) for r in long[[*keys, "window_months", "month",
                                                 "measure"]].itertuples(index=False)})
        for whole, parts in partitions:
            for rest in other:
                total = index.get((whole, *rest))
                if total is not None:
                    groups.append((total, [index.get((p, *rest), zero) for p in parts]))
        if name == "signals":
            for _, part in long.groupby(["area_code", "window_months", "month", "measure"]):
                total = part[part["partner_type"] == "Totaal"]["cell"]
                groups.append((int(total.iloc[0]),
                               list(part[part["partner_type"] != "Totaal"]["cell"])))
        if name == "funnel":
            for _, part in long.groupby(["area_code", "window_months", "month"]):
                cases = part[part["measure"] == "cases"]["cell"]
                groups.append((int(cases.iloc[0]), list(
                    part[part["measure"].str.startswith("result_")]["cell"])))
        rows = _sum_equations(groups, 0)
        if windowed:
            series = long.set_index(["area_code", *keys, "measure", "window_months",
                                     "month"])["cell"]
            eq = len(groups)
            months = sorted(long["month"].unique())
            for key, part in long[long["window_months"] == 1].groupby(
                    ["area_code", *keys, "measure"]):
                monthly = dict(zip(part["month"], part["cell"], strict=True))
                for w in (3, 12):
                    for i, month in enumerate(months):
                        total = series.get((*key, w, month))
                        if total is None or i < w - 1:
                            continue
                        span = [monthly.get(months[i - k], zero) for k in range(w)]
                        rows += [(eq, total, -1)] + [(eq, c, 1) for c in span]
                        eq += 1
                        previous = series.get((*key, w, months[i - 1])) if i else None
                        if previous is not None and i >= w:
                            rows += [(eq, total, 1), (eq, previous, -1),
                                     (eq, monthly.get(month, zero), -1),
                                     (eq, monthly.get(months[i - w], zero), 1)]
                            eq += 1
        equations = pd.DataFrame(rows, columns=["eq", "cell", "coef"])
        results[name] = peel(cells, equations)
    return results


def test_no_subtraction_attack_recovers_a_hidden_count_in_the_published_demo(demo_build):
    recovered = attack_published(demo_build.published)
    assert recovered == {"signals": set(), "households": set(), "funnel": set()}


def test_the_demo_hides_more_than_the_small_counts_alone(demo_build):
    con = duckdb.connect(str(demo_build.warehouse), read_only=True)
    exact = con.execute("""select area_code, partner_type, window_months, month, signals
        from marts.signals_window_area where months_covered = window_months""").fetchdf()
    con.close()
    pub = duckdb.connect(str(demo_build.published), read_only=True)
    shown = pub.execute("select area_code, partner_type, window_months, month, signals "
                        "from signals_window_area").fetchdf()
    pub.close()
    both = exact.merge(shown, on=["area_code", "partner_type", "window_months", "month"],
                       suffixes=("_exact", "_shown"))
    assert len(both) == len(exact)
    hidden = both["signals_shown"].isna()
    assert (both.loc[~hidden, "signals_exact"] == both.loc[~hidden, "signals_shown"]).all()
    assert not ((both["signals_exact"].between(1, THRESHOLD - 1)) & ~hidden).any()
    assert (hidden & (both["signals_exact"] >= THRESHOLD)).sum() > 0


def _crafted(months: int, windows: tuple[int, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two wijken (three and two buurten) in one gemeente, two partner types."""
    rng = np.random.default_rng(3)
    buurten = {"BU00010001": "WK000100", "BU00010002": "WK000100", "BU00010003": "WK000100",
               "BU00010101": "WK000101", "BU00010102": "WK000101"}
    membership = pd.DataFrame(
        [(b, "buurt", b) for b in buurten] + [(w, "wijk", b) for b, w in buurten.items()]
        + [("GM0001", "gemeente", b) for b in buurten],
        columns=["area_code", "area_level", "buurt_code"])
    month_list = pd.date_range("2025-01-01", periods=months, freq="MS")
    monthly = {(b, p, m): int(rng.choice([0, 1, 2, 3, 4, 6, 9, 14]))
               for b in buurten for p in ("Zorg", "Huur") for m in month_list}
    rows = []
    for area, level in [(b, "buurt") for b in buurten] + [("WK000100", "wijk"),
                                                            ("WK000101", "wijk"),
                                                            ("GM0001", "gemeente")]:
        inside = set(membership.loc[membership["area_code"] == area, "buurt_code"])
        for w in windows:
            for i, month in enumerate(month_list):
                if i < w - 1:
                    continue
                span = month_list[i - w + 1:i + 1]
                parts = {p: sum(monthly[(b, p, m)] for b in inside for m in span)
                         for p in ("Zorg", "Huur")}
                for partner, value in (*parts.items(), ("Totaal", sum(parts.values()))):
                    rows.append((area, level, partner, w, month, w, value, value))
    frame = pd.DataFrame(rows, columns=["area_code", "area_level", "partner_type",
                                        "window_months", "month", "months_covered",
                                        "signals", "households"])
    return frame, membership


def test_crafted_table_with_windows_survives_every_subtraction_attack():
    frame, membership = _crafted(months=8, windows=(1, 3))
    relations, _ = signal_relations(frame, membership)
    result = suppress_small_cells(frame["signals"].to_numpy(), relations, THRESHOLD)
    shown = frame["signals"].astype(float).mask(result.suppressed)
    assert result.primary.any() and result.complementary.any()
    cells = pd.DataFrame({"cell": np.arange(len(frame)), "value": shown})
    equations = relations.rename(columns={"relation_id": "eq"})
    assert peel(cells, equations) == set()


def test_crafted_area_by_partner_table_has_no_cell_any_combination_of_sums_determines():
    frame, membership = _crafted(months=3, windows=(1,))
    relations, _ = signal_relations(frame, membership)
    result = suppress_small_cells(frame["signals"].to_numpy(), relations, THRESHOLD)
    hidden = np.flatnonzero(result.suppressed)
    assert len(hidden)
    rel = relations[result.suppressed[relations["cell"].to_numpy()]]
    column = {cell: i for i, cell in enumerate(hidden)}
    rows = {r: i for i, r in enumerate(rel["relation_id"].unique())}
    matrix = np.zeros((len(rows), len(hidden)))
    for r, cell, coef in rel[["relation_id", "cell", "coef"]].itertuples(index=False):
        matrix[rows[r], column[cell]] = coef
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null_space = vt[rank:]
    determined = np.all(np.abs(null_space) < 1e-9, axis=0)
    assert not determined.any(), "a hidden cell is fixed by a combination of sums"


@pytest.mark.parametrize("values,expected", [
    ([11, 7, 4, 0], [False, True, True, False]),  # a wijk of three buurten, one small
    ([12, 10, 1, 1], [False, True, True, True]),  # two hidden 1s would be 'all ones'
])
def test_complementary_suppression_hides_the_smallest_cell_that_protects(values, expected):
    relations = pd.DataFrame({"relation_id": [0, 0, 0, 0], "cell": [0, 1, 2, 3],
                              "coef": [-1, 1, 1, 1]})
    result = suppress_small_cells(np.array(values), relations, THRESHOLD)
    assert result.suppressed.tolist() == expected


def test_two_by_two_table_with_one_small_cell_hides_four_cells():
    a, b, c, d = 3, 10, 12, 20
    values = np.array([a, b, c, d, a + b, c + d, a + c, b + d, a + b + c + d])
    groups = [(4, [0, 1]), (5, [2, 3]), (6, [0, 2]), (7, [1, 3]), (8, [4, 5]), (8, [6, 7])]
    relations = pd.DataFrame([(i, cell, coef) for i, (t, parts) in enumerate(groups)
                              for cell, coef in itertools.chain([(t, -1)],
                                                                ((p, 1) for p in parts))],
                             columns=["relation_id", "cell", "coef"])
    result = suppress_small_cells(values, relations, THRESHOLD)
    assert result.suppressed[:4].all() and not result.suppressed[4:].any()


def test_the_attacker_recovers_cells_when_only_small_counts_are_hidden():
    frame, membership = _crafted(months=8, windows=(1, 3))
    relations, _ = signal_relations(frame, membership)
    primary_only = frame["signals"].astype(float).mask(frame["signals"].between(1, THRESHOLD - 1))
    cells = pd.DataFrame({"cell": np.arange(len(frame)), "value": primary_only})
    assert peel(cells, relations.rename(columns={"relation_id": "eq"}))


@settings(max_examples=80, deadline=None)
@given(tables)
def test_no_subtraction_attack_recovers_a_hidden_count_in_any_table(table):
    frame, membership = table
    grid = signal_grid(pa.Table.from_pandas(frame, preserve_index=False))
    signals, households = signal_families(grid, leveled_partitions(membership))
    for families, column in ((signals, "signals"), (households, "households")):
        values = frame[column].to_numpy()
        result = suppress_small_cells(grid.spread(values), families, THRESHOLD,
                                      order=grid.order)
        hidden = grid.collect(result.suppressed)
        assert hidden[(values >= 1) & (values < THRESHOLD)].all()
        cells = pd.DataFrame({"cell": np.arange(len(frame)),
                              "value": frame[column].astype(float).mask(hidden)})
        equations = listed_relations(grid, families).rename(columns={"relation_id": "eq"})
        assert peel(cells, equations) == set()
