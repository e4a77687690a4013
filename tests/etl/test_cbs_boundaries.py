"""Behaviour of the CBS boundary reader on the three shapes CBS and PDOK publish: the
multi-layer GeoPackage, the old shapefile and the generalised gebiedsindelingen GeoJSON.

Fixtures are three buurten as 100 m squares in EPSG:28992, written at test time."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from etl.errors import EtlError
from etl.extract.cbs_boundaries import read_boundaries

RD_NEW = "EPSG:28992"
BUURT_CODES = ["BU00140000", "BU00140001", "BU00140002"]
BUURT_NAMES = ["Binnenstad-Noord", "Binnenstad-Zuid", "Hoornsemeer"]


def squares(n: int = 3) -> list[shapely.Polygon]:
    """n 100 m squares side by side in the centre of Groningen (RD New)."""
    return [shapely.box(233_000 + 100 * i, 582_000, 233_100 + 100 * i, 582_100)
            for i in range(n)]


def write_geopackage(path: Path) -> Path:
    """A PDOK-style ``wijkenbuurten`` GeoPackage with buurten, wijken and gemeenten layers."""
    buurten = gpd.GeoDataFrame(
        {
            "buurtcode": BUURT_CODES,
            "buurtnaam": BUURT_NAMES,
            "wijkcode": ["WK001400", "WK001400", "WK001400"],
            "gemeentecode": ["GM0014"] * 3,
            "gemeentenaam": ["Groningen"] * 3,
            "water": ["NEE", "NEE", "JA"],
            "indelingswijziging_wijken_en_buurten": [1, 2, 3],
        },
        geometry=squares(), crs=RD_NEW,
    )
    wijken = gpd.GeoDataFrame(
        {"wijkcode": ["WK001400"], "wijknaam": ["Centrum"], "gemeentecode": ["GM0014"],
         "gemeentenaam": ["Groningen"], "water": ["NEE"],
         "indelingswijziging_wijken_en_buurten": [1]},
        geometry=[shapely.box(233_000, 582_000, 233_300, 582_100)], crs=RD_NEW,
    )
    gemeenten = gpd.GeoDataFrame(
        {"gemeentecode": ["GM0014"], "gemeentenaam": ["Groningen"], "water": ["NEE"]},
        geometry=[shapely.box(233_000, 582_000, 233_300, 582_100)], crs=RD_NEW,
    )
    # the buurten layer last, so a reader taking the first or last layer would be caught
    wijken.to_file(path, layer="wijken", driver="GPKG")
    buurten.to_file(path, layer="buurten", driver="GPKG", mode="a")
    gemeenten.to_file(path, layer="gemeenten", driver="GPKG", mode="a")
    return path


def write_shapefile(path: Path) -> Path:
    """An old CBS ``buurt_<jaar>.shp`` with upper-case attribute names."""
    frame = gpd.GeoDataFrame(
        {
            "BU_CODE": BUURT_CODES,
            "BU_NAAM": BUURT_NAMES,
            "WK_CODE": ["WK001400"] * 3,
            "GM_CODE": ["GM0014"] * 3,
            "GM_NAAM": ["Groningen"] * 3,
            "WATER": ["NEE", "JA", "NEE"],
            "IND_WBI": [3, 1, 1],
        },
        geometry=squares(), crs=RD_NEW,
    )
    frame.to_file(path)
    return path


def write_gebiedsindeling(path: Path) -> Path:
    """A generalised ``buurt_gegeneraliseerd`` GeoJSON in WGS84, with one wijk row mixed in."""
    frame = gpd.GeoDataFrame(
        {
            "statcode": [*BUURT_CODES, "WK001400"],
            "statnaam": [*BUURT_NAMES, "Centrum"],
            "jaar": [2022] * 4,
        },
        geometry=[*squares(), shapely.box(233_000, 582_000, 233_300, 582_100)], crs=RD_NEW,
    ).to_crs("EPSG:4326")
    frame.to_file(path, driver="GeoJSON")
    return path


@pytest.fixture(scope="module")
def geopackage(tmp_path_factory) -> Path:
    return write_geopackage(tmp_path_factory.mktemp("gpkg") / "wijkenbuurten_2024.gpkg")


@pytest.fixture(scope="module")
def shapefile(tmp_path_factory) -> Path:
    return write_shapefile(tmp_path_factory.mktemp("shp") / "buurt_2018.shp")


@pytest.fixture(scope="module")
def gebiedsindeling(tmp_path_factory) -> Path:
    return write_gebiedsindeling(tmp_path_factory.mktemp("json") / "buurt_2022.geojson")


def test_geopackage_buurt_level_reads_the_buurten_layer(geopackage):
    buurten = read_boundaries(geopackage, "buurt")

    assert list(buurten["area_code"]) == BUURT_CODES
    assert list(buurten["area_name"]) == BUURT_NAMES
    assert buurten.crs.to_epsg() == 28992
    assert buurten.geometry.area.round().tolist() == [10_000, 10_000, 10_000]


def test_geopackage_wijk_and_gemeente_levels_read_their_own_layers(geopackage):
    wijken = read_boundaries(geopackage, "wijk")
    gemeenten = read_boundaries(geopackage, "gemeente")

    assert list(wijken["area_code"]) == ["WK001400"]
    assert list(wijken["area_name"]) == ["Centrum"]
    assert list(wijken["gemeente_code"]) == ["GM0014"]
    assert list(gemeenten["area_code"]) == ["GM0014"]
    assert list(gemeenten["area_name"]) == ["Groningen"]
    assert list(gemeenten["gemeente_name"]) == ["Groningen"]


def test_geopackage_gives_gemeente_water_and_boundary_change_per_buurt(geopackage):
    buurten = read_boundaries(geopackage, "buurt")

    assert list(buurten["gemeente_code"]) == ["GM0014"] * 3
    assert list(buurten["gemeente_name"]) == ["Groningen"] * 3
    assert list(buurten["is_water"]) == [False, False, True]
    assert list(buurten["has_boundary_change"]) == [False, True, True]


def test_geopackage_without_a_layer_for_the_level_raises_naming_the_file(tmp_path):
    path = tmp_path / "alleen_buurten.gpkg"
    frame = gpd.GeoDataFrame({"buurtcode": BUURT_CODES, "buurtnaam": BUURT_NAMES},
                             geometry=squares(), crs=RD_NEW)
    frame.to_file(path, layer="buurten", driver="GPKG")
    frame.to_file(path, layer="gemeenten", driver="GPKG", mode="a")

    with pytest.raises(EtlError, match=r"^alleen_buurten\.gpkg: geen laag voor wijk"):
        read_boundaries(path, "wijk")


def test_shapefile_gives_codes_names_gemeente_water_and_change_flag(shapefile):
    buurten = read_boundaries(shapefile, "buurt")

    assert list(buurten["area_code"]) == BUURT_CODES
    assert list(buurten["area_name"]) == BUURT_NAMES
    assert list(buurten["gemeente_code"]) == ["GM0014"] * 3
    assert list(buurten["gemeente_name"]) == ["Groningen"] * 3
    assert list(buurten["is_water"]) == [False, True, False]
    assert list(buurten["has_boundary_change"]) == [True, False, False]
    assert buurten.crs.to_epsg() == 28992


def test_gebiedsindeling_geojson_derives_the_gemeente_from_the_code(gebiedsindeling):
    buurten = read_boundaries(gebiedsindeling, "buurt")

    assert list(buurten["area_code"]) == BUURT_CODES
    assert list(buurten["area_name"]) == BUURT_NAMES
    assert list(buurten["gemeente_code"]) == ["GM0014"] * 3
    assert buurten["gemeente_name"].isna().all()
    assert not buurten["is_water"].any()
    assert buurten["has_boundary_change"].isna().all()
    assert list(buurten["year"]) == [2022] * 3
    assert buurten.crs.to_epsg() == 4326


def test_rows_of_another_level_are_skipped(gebiedsindeling):
    buurten = read_boundaries(gebiedsindeling, "buurt")
    wijken = read_boundaries(gebiedsindeling, "wijk")

    assert not buurten["area_code"].str.startswith("WK").any()
    assert list(wijken["area_code"]) == ["WK001400"]
    assert list(wijken["area_name"]) == ["Centrum"]


def test_output_columns_are_the_same_for_every_source_shape(geopackage, shapefile,
                                                            gebiedsindeling):
    frames = [read_boundaries(p, "buurt") for p in (geopackage, shapefile, gebiedsindeling)]

    expected = ["area_code", "area_name", "gemeente_code", "gemeente_name", "is_water",
                "has_boundary_change", "year", "geometry"]
    assert all(list(f.columns) == expected for f in frames)
    assert all(f["area_code"].dtype == pd.StringDtype() for f in frames)


def test_lower_case_and_padded_codes_are_normalised(tmp_path):
    path = tmp_path / "buurten.geojson"
    gpd.GeoDataFrame({"statcode": [" bu00140000 "], "statnaam": [" Binnenstad-Noord "]},
                     geometry=squares(1), crs=RD_NEW).to_crs(4326).to_file(path)

    buurten = read_boundaries(path, "buurt")

    assert list(buurten["area_code"]) == ["BU00140000"]
    assert list(buurten["area_name"]) == ["Binnenstad-Noord"]


def test_a_missing_file_raises_an_etl_error_naming_the_file(tmp_path):
    with pytest.raises(EtlError, match=r"^wijkenbuurten_2030\.gpkg: bestand bestaat niet"):
        read_boundaries(tmp_path / "wijkenbuurten_2030.gpkg", "buurt")


@pytest.mark.filterwarnings("ignore:'crs' was not provided:UserWarning")
def test_a_file_without_crs_raises_an_etl_error_naming_the_file(tmp_path):
    path = tmp_path / "zonder_prj.shp"
    gpd.GeoDataFrame({"BU_CODE": BUURT_CODES, "BU_NAAM": BUURT_NAMES},
                     geometry=squares()).to_file(path)

    with pytest.raises(EtlError, match=r"^zonder_prj\.shp: .*coördinatenstelsel"):
        read_boundaries(path, "buurt")


def test_asking_for_the_wrong_level_raises_an_etl_error_naming_the_file(gebiedsindeling):
    with pytest.raises(EtlError, match=r"^buurt_2022\.geojson: codes beginnen niet met GM"):
        read_boundaries(gebiedsindeling, "gemeente")


def test_a_file_without_a_code_column_raises_an_etl_error_naming_the_file(tmp_path):
    path = tmp_path / "zonder_codes.geojson"
    gpd.GeoDataFrame({"id": [1, 2, 3], "omschrijving": BUURT_NAMES},
                     geometry=squares(), crs=RD_NEW).to_crs(4326).to_file(path)

    with pytest.raises(EtlError, match=r"^zonder_codes\.geojson: kolommen voor code en naam"):
        read_boundaries(path, "buurt")


def test_a_file_that_is_not_geodata_raises_an_etl_error_naming_the_file(tmp_path):
    path = tmp_path / "kapot.gpkg"
    path.write_text("geen geopackage", encoding="utf-8")

    with pytest.raises(EtlError, match=r"^kapot\.gpkg: geen leesbaar geo-bestand"):
        read_boundaries(path, "buurt")
