"""The multi-municipality benchmark keeps working end to end on a tiny input.

It asserts nothing about speed (numbers belong in docs/benchmarks.md), only that every
gemeente runs its own installation, the combine step pools their published files both
ways, and the dashboard serves every gemeente from either shared file.
"""

from __future__ import annotations

from bench import multi_municipality


def test_multi_municipality_runs_every_gemeente_combines_and_serves_them(capsys):
    assert multi_municipality.main([
        "--gemeenten", "2", "--signals-per-gemeente", "1500", "--addresses", "150000",
        "--rounds", "1", "--workers", "1", "--no-docs"]) == 0
    out = capsys.readouterr().out
    for gemeente in ("GM0001", "GM0002"):
        assert f"| {gemeente} | 1,500 |" in out
    assert "| **all** | 3,000 |" in out
    assert "| one DuckDB file |" in out
    assert "| Parquet (one file per table) + DuckDB file of views |" in out
    assert "| `kaart__values (buurt)` |" in out
    assert out.count("100 of 100 buurten, 2 of 2 gemeenten") == 2
    assert "| none | none |" in out
