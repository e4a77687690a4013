"""The published-queries benchmark keeps covering the dashboard: every query in
sql/dashboard has realistic parameters, and a tiny national build runs end to end.

Nothing here is about speed (numbers belong in docs/benchmarks.md): a new dashboard query
without a bench entry, or with parameters the bench does not pass, fails these tests.
"""

from __future__ import annotations

import random
from datetime import date

from bench import published_queries
from bench.query_parameters import (
    PARAMETERS,
    Domain,
    check_coverage,
    dashboard_queries,
    query_parameter_names,
)

DOMAIN = Domain(months=[date(2025, 1, 1), date(2025, 2, 1)],
                partner_types=["Energie", "Huur"],
                codes={"buurt": ["BU00140000"], "wijk": ["WK001400"], "gemeente": ["GM0014"],
                       "nplv": ["nplv-noord", "nplv-rest"], "nplv_wijken": ["nplv-wk001400"]},
                postcodes=["9712AB"])


def test_every_dashboard_query_has_a_bench_entry():
    assert set(dashboard_queries()) == set(PARAMETERS)


def test_bench_entries_pass_exactly_the_parameters_each_query_uses():
    rng = random.Random(1)
    for name in dashboard_queries():
        assert set(PARAMETERS[name](DOMAIN, rng)) == query_parameter_names(name), name
    assert check_coverage(DOMAIN) == []


def test_published_queries_runs_on_a_tiny_national_build_and_reports_every_query(capsys):
    assert published_queries.main(["--signals", "3000", "--addresses", "40000",
                                   "--gemeenten", "20", "--rounds", "2", "--no-docs"]) == 0
    out = capsys.readouterr().out
    for name in dashboard_queries():
        assert f"| `{name}" in out, name
    for view in published_queries.CONTRACT_VIEWS:
        assert f"| `{view}` | view |" in out
    assert "| `signals_window_area` | table |" in out
    assert "differ from the counted ones where shown: 0." in out
    assert "| relations above the bound or at signal grain | none | none |" in out
    assert "| relations with a household_key/signal_key/signal_id column | none | none |" in out
