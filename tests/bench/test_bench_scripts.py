"""The benchmarks keep working: each runs end to end on a tiny input and reports.

They assert nothing about speed (numbers belong in docs/benchmarks.md, not in tests), only
that the scripts still drive the real product and that the counts they report add up.
"""

from __future__ import annotations

import random

import pytest

from bench import dashboard_speed, etl_throughput, load_test


def test_etl_throughput_runs_the_real_cli_and_its_counts_add_up(capsys):
    assert etl_throughput.main(["--signals", "3000", "--addresses", "40000",
                                "--baseline-sample", "300", "--no-docs"]) == 0
    out = capsys.readouterr().out
    assert "Rows read 3,000 = loaded" in out
    assert "| 3,000 | 40,000 | * |" in out
    for stage in ("read_lookup", "load_signals", "models", "analytics", "publish"):
        assert f"| {stage} |" in out


@pytest.mark.browser
def test_dashboard_speed_replays_recorded_callbacks_without_failures(app_server, demo_build):
    rows, figures = dashboard_speed.measure(app_server.url, 2,
                                            dashboard_speed.area_codes(demo_build.published))
    actions = {row[0] for row in rows}
    assert {"kaart: maand", "kaart: niveau", "maandoverzicht: maand", "gebied: openen",
            "nplv: openen"} <= actions
    assert figures["failures"] == 0
    assert figures["first_page_bytes"] > 0
    month, full = figures["month_change"], figures["full_figure"]
    # The month change is the colour-only Patch: far smaller than the full figure.
    assert max(month["raw"]) * 1.5 < min(full["raw"])
    text = dashboard_speed.report(rows, figures, 2)
    assert "ratio full / Patch" in text


@pytest.mark.browser
def test_load_test_users_get_answers_for_every_request(app_server, demo_build):
    recording = dashboard_speed.record_session(app_server.url)
    workload = load_test.Workload(recording.actions,
                                  dashboard_speed.area_codes(demo_build.published))
    name, body = workload.next_request(random.Random(3))
    assert name in recording.actions and body["inputs"]
    result = load_test.run_users(app_server.url, workload, users=3, seconds=3)
    assert result["times"]
    assert result["failures"] == []
