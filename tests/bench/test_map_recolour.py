"""The national map benchmark keeps working: synthetic boundaries nest like the CBS codes,
and the script builds a published file through the real ETL, serves it and reports.

Nothing here is about speed (numbers belong in docs/benchmarks.md); only that the areas,
the requests and the table the script writes are sane.
"""

from __future__ import annotations

import shapely

from bench import map_recolour
from bench.national_build import select_gemeenten
from bench.national_geometry import NL_EXTENT, national_boundaries


def test_synthetic_boundaries_nest_buurten_in_their_wijk_and_tile_the_extent():
    codes = select_gemeenten(4)
    buurten, wijken = national_boundaries(codes, seed=3)
    assert sorted(buurten["buurt"]) == sorted(codes["buurt"])
    assert sorted(wijken["wijk"]) == sorted(codes["wijk"].unique())
    assert shapely.is_valid(buurten.geometry.to_numpy()).all()
    extent = shapely.box(*NL_EXTENT).area
    assert abs(buurten.area.sum() - extent) < 1e-6 * extent
    assert abs(wijken.area.sum() - extent) < 1e-6 * extent
    own_wijk = wijken.set_index("wijk").geometry.loc[buurten["wijk"]].to_numpy()
    inside = shapely.area(shapely.intersection(buurten.geometry.to_numpy(), own_wijk))
    assert (abs(inside - buurten.area.to_numpy()) < 1e-3 * buurten.area.to_numpy()).all()
    # Ragged borders: more vertices than a plain Voronoi cell, as the web budget expects.
    assert shapely.get_num_coordinates(wijken.geometry.to_numpy()).mean() > 15


def test_map_recolour_builds_serves_and_reports_both_requests(capsys):
    assert map_recolour.main(["--signals", "2000", "--addresses", "40000", "--gemeenten", "3",
                              "--rounds", "2", "--workers", "1", "--no-docs"]) == 0
    out = capsys.readouterr().out
    assert "| national wijken (30) | month change (colour-only Patch) | 2 |" in out
    assert "| national wijken (30) | baseline: full figure (level change) | 2 |" in out
    assert "30 wijken; boundaries, CBS figures and signals loaded by `python -m etl`" in out
    assert "| failed requests | 0 | 0 |" in out
    outputs = {line.split(" | ")[1]: line.split(" | ")[2] for line in out.splitlines()
               if line.startswith("| national wijken (30) |") and "kaart-graph " in line}
    # While the table is closed a month change sends the map's colours only.
    assert "kaart-tabel" not in outputs["month change (colour-only Patch)"]
    assert "kaart-tabel" in outputs["month change with the table open"]
