"""Behaviour of the boundary preparation: repair, selection, water, coverage simplification
and dissolving, on hand-drawn squares in EPSG:28992 and on the shipped Groningen buurten."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from etl.extract.cbs_boundaries import read_boundaries
from etl.transform.boundaries import (
    dissolve_areas,
    drop_water_areas,
    repair_polygons,
    select_gemeenten,
    simplify_coverage,
)

REPO = Path(__file__).resolve().parents[2]
RD_NEW = 28992
WGS84 = 4326
X0, Y0 = 233_000.0, 582_000.0

GRID = 6
CELL = 100.0
EDGE_STEPS = 40


def squares_frame(codes: list[str], gemeenten: list[str], water: list[bool]) -> gpd.GeoDataFrame:
    """Buurten as 100 m squares side by side, in RD New."""
    return gpd.GeoDataFrame(
        {"area_code": codes, "gemeente_code": gemeenten, "is_water": water},
        geometry=[shapely.box(X0 + 100 * i, Y0, X0 + 100 * (i + 1), Y0 + 100)
                  for i in range(len(codes))],
        crs=RD_NEW,
    )


def jagged_edge(start: tuple[float, float], end: tuple[float, float], wave: int,
                jagged: bool) -> list[tuple[float, float]]:
    """An edge of EDGE_STEPS segments: a wave plus a 1 m zigzag, flat at both corners."""
    t = np.linspace(0.0, 1.0, EDGE_STEPS + 1)
    xs = start[0] + (end[0] - start[0]) * t
    ys = start[1] + (end[1] - start[1]) * t
    if jagged:
        zigzag = np.where(np.arange(EDGE_STEPS + 1) % 2 == 1, 1.0, -1.0)
        offset = (8 * np.sin(np.pi * t * (1 + wave % 3)) + zigzag) * np.sin(np.pi * t)
        normal_x, normal_y = -(end[1] - start[1]) / CELL, (end[0] - start[0]) / CELL
        xs, ys = xs + offset * normal_x, ys + offset * normal_y
    return list(zip(xs.tolist(), ys.tolist(), strict=True))


def jagged_grid() -> gpd.GeoDataFrame:
    """A 6x6 coverage of 100 m cells whose inner edges wave and zigzag (160 vertices per
    cell): every shared edge is the same vertex list in both neighbours."""
    def corner(i: int, j: int) -> tuple[float, float]:
        return (X0 + j * CELL, Y0 + i * CELL)

    across = {(i, j): jagged_edge(corner(i, j), corner(i, j + 1), i + j, 0 < i < GRID)
              for i in range(GRID + 1) for j in range(GRID)}
    up = {(i, j): jagged_edge(corner(i, j), corner(i + 1, j), i * j, 0 < j < GRID)
          for i in range(GRID) for j in range(GRID + 1)}
    cells = []
    for i in range(GRID):
        for j in range(GRID):
            ring = (across[i, j][:-1] + up[i, j + 1][:-1] + across[i + 1, j][::-1][:-1]
                    + up[i, j][::-1])
            cells.append(shapely.Polygon(ring))
    codes = [f"BU0014{i:02d}{j:02d}" for i in range(GRID) for j in range(GRID)]
    return gpd.GeoDataFrame({"area_code": codes, "gemeente_code": "GM0014"},
                            geometry=cells, crs=RD_NEW)


def geojson_bytes(frame: gpd.GeoDataFrame) -> int:
    return sum(len(text) for text in frame["geometry_geojson"])


def in_rd(frame: gpd.GeoDataFrame) -> np.ndarray:
    return frame.to_crs(RD_NEW).geometry.to_numpy()


def assert_coverage_kept(result: gpd.GeoDataFrame, source: gpd.GeoDataFrame) -> None:
    """No overlaps, matching shared edges, no gaps under 1 m, the same total area (1 %)."""
    geoms = in_rd(result)
    assert shapely.is_valid(geoms).all()
    assert shapely.coverage_is_valid(geoms)
    assert shapely.coverage_is_valid(geoms, gap_width=1.0)
    before = shapely.union_all(in_rd(source)).area
    assert shapely.union_all(geoms).area == pytest.approx(before, rel=0.01)


@pytest.fixture(scope="module")
def groningen_buurten() -> gpd.GeoDataFrame:
    return repair_polygons(read_boundaries(REPO / "geodata" / "buurten_2022.geojson", "buurt"))


def test_repair_polygons_turns_a_bow_tie_into_its_two_valid_triangles():
    bow_tie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)])
    frame = gpd.GeoDataFrame({"area_code": ["BU00140000"]}, geometry=[bow_tie], crs=RD_NEW)

    repaired = repair_polygons(frame)

    geom = repaired.geometry.iloc[0]
    assert geom.is_valid
    assert geom.geom_type == "MultiPolygon"
    assert len(geom.geoms) == 2
    assert geom.area == pytest.approx(50.0)
    assert repaired.crs.to_epsg() == RD_NEW


def test_repair_polygons_keeps_the_polygon_and_drops_stray_lines():
    spiked = shapely.Polygon([(0, 0), (10, 0), (10, 10), (10, 20), (10, 10), (0, 10), (0, 0)])
    frame = gpd.GeoDataFrame({"area_code": ["BU00140000"]}, geometry=[spiked], crs=RD_NEW)

    geom = repair_polygons(frame).geometry.iloc[0]

    assert geom.is_valid
    assert geom.geom_type == "Polygon"
    assert geom.area == pytest.approx(100.0)


@pytest.mark.filterwarnings("ignore:GeoSeries.notna:UserWarning")
def test_repair_polygons_drops_rows_left_without_area():
    valid = shapely.box(0, 0, 100, 100)
    flat = shapely.Polygon([(0, 0), (10, 0), (20, 0), (0, 0)])
    frame = gpd.GeoDataFrame(
        {"area_code": ["BU00140000", "BU00140001", "BU00140002", "BU00140003"]},
        geometry=[valid, flat, shapely.Polygon(), None], crs=RD_NEW,
    )

    repaired = repair_polygons(frame)

    assert list(repaired["area_code"]) == ["BU00140000"]
    assert repaired.geometry.iloc[0].equals(valid)
    assert list(repaired.index) == [0]


def test_repair_polygons_leaves_valid_polygons_untouched():
    frame = squares_frame(["BU00140000", "BU00140001"], ["GM0014"] * 2, [False, False])

    repaired = repair_polygons(frame)

    assert repaired.geometry.geom_equals_exact(frame.geometry, tolerance=0).all()


def test_select_gemeenten_keeps_only_the_given_gemeenten():
    frame = squares_frame(["BU00140000", "BU00340101", "BU00140001"],
                          ["GM0014", "GM0034", "GM0014"], [False] * 3)

    assert list(select_gemeenten(frame, ["GM0014"])["area_code"]) == ["BU00140000",
                                                                       "BU00140001"]
    assert list(select_gemeenten(frame, ["gm0034"])["area_code"]) == ["BU00340101"]
    assert len(select_gemeenten(frame, ["GM0014", "GM0034"])) == 3
    assert select_gemeenten(frame, ["GM9999"]).empty


def test_select_gemeenten_keeps_everything_without_a_selection():
    frame = squares_frame(["BU00140000", "BU00340101"], ["GM0014", "GM0034"], [False] * 2)

    assert len(select_gemeenten(frame, None)) == 2
    assert len(select_gemeenten(frame, [])) == 2


def test_drop_water_areas_leaves_out_areas_marked_as_water_only():
    frame = squares_frame(["BU00140000", "BU00140001", "BU00140002"], ["GM0014"] * 3,
                          [False, True, False])

    kept = drop_water_areas(frame)

    assert list(kept["area_code"]) == ["BU00140000", "BU00140002"]
    assert list(kept.index) == [0, 1]


def test_jagged_grid_fixture_is_a_coverage_that_naive_simplification_breaks():
    grid = jagged_grid()
    geoms = grid.geometry.to_numpy()

    assert shapely.is_valid(geoms).all()
    assert shapely.coverage_is_valid(geoms)
    assert shapely.union_all(geoms).area == pytest.approx(GRID * GRID * CELL * CELL)
    assert not shapely.coverage_is_valid(shapely.simplify(geoms, 2.0))


def test_simplify_coverage_meets_the_byte_budget_and_keeps_the_grid_a_coverage():
    grid = jagged_grid()
    unsimplified = geojson_bytes(simplify_coverage(grid, budget_bytes=10**9))
    budget = unsimplified // 3

    result = simplify_coverage(grid, budget_bytes=budget)

    assert geojson_bytes(result) <= budget
    assert len(result) == GRID * GRID
    assert list(result["area_code"]) == list(grid["area_code"])
    assert result.crs.to_epsg() == WGS84
    assert_coverage_kept(result, grid)


def test_simplify_coverage_geojson_column_matches_the_geometry():
    result = simplify_coverage(jagged_grid(), budget_bytes=20_000)

    parsed = shapely.from_geojson(result["geometry_geojson"].to_numpy())
    assert shapely.equals_exact(parsed, result.geometry.to_numpy(), tolerance=0).all()
    coords = shapely.get_coordinates(result.geometry.to_numpy())
    assert np.allclose(coords, np.round(coords, 5), atol=1e-9)


def test_simplify_coverage_fits_groningen_150_buurten_in_150_kb_as_a_coverage(
        groningen_buurten):
    result = simplify_coverage(groningen_buurten, budget_bytes=150_000)

    assert len(result) == 150
    assert geojson_bytes(result) < 150_000
    assert_coverage_kept(result, groningen_buurten)


def test_simplify_coverage_keeps_groningen_a_coverage_under_a_tight_budget(groningen_buurten):
    loose = geojson_bytes(simplify_coverage(groningen_buurten, budget_bytes=150_000))
    budget = loose - 500

    result = simplify_coverage(groningen_buurten, budget_bytes=budget)

    assert geojson_bytes(result) <= budget
    assert len(result) == 150
    assert_coverage_kept(result, groningen_buurten)


def sliver_block(x0: float, gap: float) -> list[shapely.Polygon]:
    """3x3 cells of 200 m; the centre cell shrunk by ``gap`` on three sides, so a U-shaped
    sliver hole opens around it when ``gap`` > 0."""
    cells = []
    for i in range(3):
        for j in range(3):
            if (i, j) == (1, 1):
                cells.append(shapely.box(x0 + 200, Y0 + 200 + gap, x0 + 400 - gap,
                                         Y0 + 400 - gap))
            else:
                cells.append(shapely.box(x0 + 200 * j, Y0 + 200 * i, x0 + 200 * (j + 1),
                                         Y0 + 200 * (i + 1)))
    return cells


def test_dissolve_areas_gives_one_polygon_per_group_without_slivers():
    block = sliver_block(X0, gap=2.0)
    frame = gpd.GeoDataFrame({"gemeente_code": ["GM0014"] * 9}, geometry=block,
                             crs=RD_NEW).to_crs(WGS84)

    dissolved = dissolve_areas(frame, "gemeente_code")

    assert list(dissolved["gemeente_code"]) == ["GM0014"]
    geom = dissolved.geometry.iloc[0]
    assert geom.geom_type == "Polygon"
    assert len(geom.interiors) == 0
    area = gpd.GeoSeries([geom], crs=WGS84).to_crs(RD_NEW).area.iloc[0]
    assert area == pytest.approx(600 * 600, rel=0.001)


def test_dissolve_areas_keeps_real_holes_and_separates_groups():
    ring = [cell for k, cell in enumerate(sliver_block(X0 + 1_000, gap=0.0)) if k != 4]
    squares = sliver_block(X0, gap=0.0)
    frame = gpd.GeoDataFrame({"area_code": ["nplv-noord"] * 9 + ["nplv-rest"] * 8},
                             geometry=squares + ring, crs=RD_NEW).to_crs(WGS84)

    dissolved = dissolve_areas(frame, "area_code").set_index("area_code")

    assert list(dissolved.index) == ["nplv-noord", "nplv-rest"]
    assert (dissolved.geometry.geom_type == "Polygon").all()
    assert len(dissolved.geometry["nplv-noord"].interiors) == 0
    assert len(dissolved.geometry["nplv-rest"].interiors) == 1
    areas = dissolved.to_crs(RD_NEW).area
    assert areas["nplv-rest"] == pytest.approx(8 * 200 * 200, rel=0.001)
    parsed = shapely.from_geojson(dissolved["geometry_geojson"].to_numpy())
    assert shapely.equals(parsed, dissolved.geometry.to_numpy()).all()


def test_dissolve_areas_of_groningen_buurten_is_one_gemeente_polygon(groningen_buurten):
    web = simplify_coverage(groningen_buurten, budget_bytes=150_000)

    dissolved = dissolve_areas(web, "gemeente_code")

    assert list(dissolved["gemeente_code"]) == ["GM0014"]
    geom = dissolved.geometry.iloc[0]
    assert geom.is_valid
    total = shapely.union_all(in_rd(groningen_buurten)).area
    area = gpd.GeoSeries([geom], crs=WGS84).to_crs(RD_NEW).area.iloc[0]
    assert area == pytest.approx(total, rel=0.01)
