"""Tests for address normalisation, the CBS address table reader and buurt placement: by
address, by coordinates (RD, WGS84, swapped), by PC6 majority, and every reason a signal
cannot be placed."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, box

from etl.errors import EtlError
from etl.extract.batch import signal_frame
from etl.extract.pc6_lookup import AddressTable, read_pc6_lookup
from etl.transform.normalise_address import (
    encode_addresses,
    encode_postcodes,
    normalise_house_numbers,
    normalise_postcode,
)
from etl.transform.place_in_buurt import (
    REASON_BAD_POSTCODE,
    REASON_NO_ADDRESS,
    REASON_NOT_FOUND,
    REASON_OUTSIDE,
    build_address_lookup,
    place_by_coordinates,
    place_in_buurt,
)

LOOKUP_CSV = Path(__file__).parents[1] / "fixtures" / "lookup" / "pc6hnr_small.csv"
GEMEENTE = "GM0014"

#: Lower-left corners (RD New metres) of the 100 m buurt squares drawn for the tests.
SQUARES = {
    "BU00140000": (233_000, 582_000),
    "BU00140001": (233_100, 582_000),
    "BU00140100": (233_200, 582_000),
}


def rd_centre(code: str) -> tuple[float, float]:
    x, y = SQUARES[code]
    return x + 50.0, y + 50.0


def wgs84_centre(code: str) -> tuple[float, float]:
    """(lon, lat) of a square's centre."""
    point = gpd.GeoSeries([Point(*rd_centre(code))], crs=28992).to_crs(4326).iloc[0]
    return point.x, point.y


@pytest.fixture(scope="module")
def address_table() -> AddressTable:
    table, _ = read_pc6_lookup(LOOKUP_CSV)
    return table


@pytest.fixture(scope="module")
def lookup_table(address_table) -> pd.DataFrame:
    return address_table.to_frame()


@pytest.fixture(scope="module")
def lookup(address_table):
    return build_address_lookup(address_table)


@pytest.fixture(scope="module")
def buurten() -> gpd.GeoDataFrame:
    """Three buurten of Groningen as 100 m squares side by side, in RD New."""
    return gpd.GeoDataFrame(
        {"buurt_code": list(SQUARES)},
        geometry=[box(x, y, x + 100, y + 100) for x, y in SQUARES.values()],
        crs=28992,
    )


def signals(rows: list[dict], index: list | None = None) -> pd.DataFrame:
    """A signals frame with only the address fields filled."""
    columns = ("postcode", "huisnummer", "toevoeging", "coord_x", "coord_y")
    frame = signal_frame({c: [row.get(c) for row in rows] for c in columns})
    if index is not None:
        frame.index = index
    return frame


def place_one(lookup, buurten=None, **address) -> dict:
    return place_in_buurt(signals([address]), lookup, GEMEENTE, buurten).iloc[0].to_dict()


# --- normalise_address ---------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["9712 ab", "9712AB", " 9712ab ", "9712\tAB", "9712 a b"])
def test_normalise_postcode_makes_one_pc6_of_every_spelling(raw):
    assert normalise_postcode(pd.Series([raw])).tolist() == ["9712AB"]


@pytest.mark.parametrize("raw", ["0712AB", "9712A", "97121AB", "AB9712", "9712 A1", "", None])
def test_normalise_postcode_turns_anything_but_a_dutch_pc6_into_na(raw):
    assert normalise_postcode(pd.Series([raw], dtype="string")).isna().all()


@pytest.mark.parametrize(
    ("huisnummer", "number", "addition"),
    [
        ("10", 10, ""),
        ("10A", 10, "A"),
        ("10a", 10, "A"),
        ("10-2", 10, "2"),
        ("10/3", 10, "3"),
        ("10 bis", 10, "BIS"),
        ("010", 10, ""),
        (" 7 a", 7, "A"),
    ],
)
def test_normalise_house_numbers_splits_the_addition_from_the_number(huisnummer, number,
                                                                     addition):
    numbers, additions = normalise_house_numbers(pd.Series([huisnummer]),
                                                 pd.Series([None], dtype="string"))
    assert numbers.tolist() == [number]
    assert additions.tolist() == [addition]


@pytest.mark.parametrize("huisnummer", ["0", "000", "abc", "123456", "", None])
def test_normalise_house_numbers_gives_na_without_a_number_from_1_to_99999(huisnummer):
    numbers, _ = normalise_house_numbers(pd.Series([huisnummer], dtype="string"),
                                         pd.Series([None], dtype="string"))
    assert numbers.isna().all()


def test_normalise_house_numbers_lets_a_separate_toevoeging_win_over_a_glued_one():
    numbers, additions = normalise_house_numbers(pd.Series(["10A", "12"]),
                                                 pd.Series(["b-2", None]))
    assert numbers.tolist() == [10, 12]
    assert additions.tolist() == ["B2", ""]


def test_encode_postcodes_gives_distinct_ordered_keys_and_minus_one_for_na():
    codes = encode_postcodes(pd.Series(["1000AA", "1000AB", "9999ZZ", None], dtype="string"))
    assert codes[0] < codes[1] < codes[2]
    assert codes[3] == -1


def test_encode_addresses_is_minus_one_when_postcode_or_number_is_missing():
    pc6 = encode_postcodes(pd.Series(["9712AB", None, "9712AB"], dtype="string"))
    keys = encode_addresses(pc6, pd.Series([10, 10, None], dtype="Int64"))
    assert keys[0] >= 0
    assert keys[1:].tolist() == [-1, -1]


# --- read_pc6_lookup -----------------------------------------------------------------------


def test_read_pc6_lookup_prefixes_and_pads_the_integer_codes_cbs_writes(lookup_table):
    first = lookup_table.iloc[0]
    assert (first["pc6"], first["huisnummer"]) == ("9711AA", 1)
    assert first["buurt_code"] == "BU00140000"
    assert first["gemeente_code"] == "GM0014"
    assonen = lookup_table[lookup_table["pc6"] == "9401AA"].iloc[0]
    assert (assonen["buurt_code"], assonen["gemeente_code"]) == ("BU01060000", "GM0106")


def test_read_pc6_lookup_keeps_alphanumeric_buurt_codes_of_2025_on(lookup_table):
    row = lookup_table[lookup_table["pc6"] == "1011AB"].iloc[0]
    assert (row["buurt_code"], row["gemeente_code"]) == ("BU0363AF01", "GM0363")


def test_read_pc6_lookup_reports_the_year_in_the_header_and_compact_types():
    table, year = read_pc6_lookup(LOOKUP_CSV)
    assert year == 2023
    assert len(table) == 9
    # Consecutive rows of one postcode and buurt are one run: 9 rows, 6 runs.
    assert table.runs["rows"].tolist() == [2, 1, 2, 1, 2, 1]
    assert table.huisnummer.dtype == np.int64
    assert isinstance(table.runs["buurt_code"].dtype, pd.CategoricalDtype)
    frame = table.to_frame()
    assert str(frame["huisnummer"].dtype) == "Int64"
    assert frame["huisnummer"].tolist() == [1, 2, 3, 10, 12, 5, 1, 3, 1]


_ROWS = st.lists(st.tuples(st.sampled_from(["9711AA", "9711AB", ""]),
                           st.one_of(st.none(), st.integers(1, 99)),
                           st.sampled_from(["140000", "140001", ""]),
                           st.sampled_from(["14", "106"])), max_size=60)


@settings(max_examples=60, deadline=None)
@given(rows=_ROWS)
def test_read_pc6_lookup_finds_the_same_runs_whatever_the_block_boundaries(
    rows, tmp_path_factory
):
    """The table is streamed in blocks: a run that crosses a block boundary stays one run."""
    path = tmp_path_factory.mktemp("blokken") / "adressen.csv"
    path.write_text("PC6;Huisnummer;Buurt2024;Gemeente2024\n" + "".join(
        f"{pc6};{'' if number is None else number};{buurt};{gemeente}\n"
        for pc6, number, buurt, gemeente in rows), encoding="utf-8")
    run_starts = [i for i, row in enumerate(rows)
                  if i == 0 or (row[0], row[2], row[3]) != (rows[i - 1][0], *rows[i - 1][2:])]
    for block in (64, 1 << 20):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("etl.extract.pc6_lookup._READ_BLOCK", block)
            table, _ = read_pc6_lookup(path)
        assert table.runs["rows"].tolist() == np.diff([*run_starts, len(rows)]).tolist()
        assert table.runs["pc6"].tolist() == [rows[i][0] for i in run_starts]
        assert table.huisnummer.tolist() == [-1 if n is None else n for _, n, _, _ in rows]


def test_read_pc6_lookup_takes_the_gemeente_from_the_buurt_code_without_a_gemeente_column(
    tmp_path,
):
    path = tmp_path / "pc6hnr_comma.csv"
    path.write_text("PC6,Huisnummer,Buurtcode\n9711AA,1,140000\n", encoding="utf-8")
    table, year = read_pc6_lookup(path)
    assert year is None
    assert table.to_frame()["gemeente_code"].astype("string").tolist() == ["GM0014"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("PC6;Buurt2023;Wijk2023;Gemeente2023\n9711AA;140000;1400;14\n", "huisnummer"),
        ("Postcode;Nummer\n9711AA;1\n", "mist kolom"),
        ("", "leeg"),
        ("\n\n", "leeg"),
        ("PC6;Huisnummer;Buurt2023\n9711AA;een;140000\n", "geen geldige CBS-tabel"),
    ],
)
def test_read_pc6_lookup_raises_etl_error_naming_the_file(tmp_path, content, problem):
    path = tmp_path / "adressen_kapot.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EtlError) as caught:
        read_pc6_lookup(path)
    assert str(caught.value).startswith("adressen_kapot.csv: ")
    assert problem in str(caught.value)


def test_read_pc6_lookup_raises_etl_error_for_a_missing_file(tmp_path):
    with pytest.raises(EtlError, match=r"weg\.csv"):
        read_pc6_lookup(tmp_path / "weg.csv")


# --- build_address_lookup ------------------------------------------------------------------


def test_build_address_lookup_keeps_one_sorted_key_per_address(lookup_table):
    doubled = pd.concat([lookup_table, lookup_table.iloc[:2]], ignore_index=True)
    lookup = build_address_lookup(AddressTable.from_frame(doubled))
    assert len(lookup.keys) == len(lookup_table)
    assert np.all(np.diff(lookup.keys) > 0)


# --- place_in_buurt: by address and by PC6 -------------------------------------------------


def test_place_in_buurt_places_an_exact_address(lookup):
    placed = place_one(lookup, postcode="9712 ab", huisnummer="10")
    assert placed["buurt_code"] == "BU00140001"
    assert placed["placement_method"] == "adres"
    assert pd.isna(placed["placement_reason"])
    assert (placed["pc6"], placed["huisnummer_norm"]) == ("9712AB", 10)


def test_place_in_buurt_matches_a_house_number_written_with_leading_zero_or_addition(lookup):
    for huisnummer in ("010", "10A", "10-2"):
        placed = place_one(lookup, postcode="9712AB", huisnummer=huisnummer)
        assert (placed["buurt_code"], placed["placement_method"]) == ("BU00140001", "adres")


def test_place_in_buurt_falls_back_to_the_buurt_most_addresses_of_the_pc6_lie_in(lookup):
    # 9711AA has two addresses in BU00140000 and one in BU00140001.
    for huisnummer in ("99", None):
        placed = place_one(lookup, postcode="9711AA", huisnummer=huisnummer)
        assert (placed["buurt_code"], placed["placement_method"]) == ("BU00140000", "pc6")


def test_place_in_buurt_trusts_the_exact_address_over_the_pc6_majority(lookup):
    placed = place_one(lookup, postcode="9711AA", huisnummer="3")
    assert (placed["buurt_code"], placed["placement_method"]) == ("BU00140001", "adres")


# --- place_in_buurt: by coordinates --------------------------------------------------------


def test_place_in_buurt_places_rd_coordinates_in_their_square(lookup, buurten):
    x, y = rd_centre("BU00140000")
    placed = place_one(lookup, buurten, coord_x=x, coord_y=y)
    assert (placed["buurt_code"], placed["placement_method"]) == ("BU00140000", "coordinaten")


def test_place_in_buurt_places_wgs84_coordinates_in_their_square(lookup, buurten):
    lon, lat = wgs84_centre("BU00140001")
    placed = place_one(lookup, buurten, coord_x=lon, coord_y=lat)
    assert (placed["buurt_code"], placed["placement_method"]) == ("BU00140001", "coordinaten")


def test_place_in_buurt_tolerates_swapped_latitude_and_longitude(lookup, buurten):
    lon, lat = wgs84_centre("BU00140100")
    placed = place_one(lookup, buurten, coord_x=lat, coord_y=lon)
    assert (placed["buurt_code"], placed["placement_method"]) == ("BU00140100", "coordinaten")


def test_place_in_buurt_uses_coordinates_when_the_postcode_is_invalid(lookup, buurten):
    x, y = rd_centre("BU00140100")
    placed = place_one(lookup, buurten, postcode="97XX", huisnummer="5", coord_x=x, coord_y=y)
    assert (placed["buurt_code"], placed["placement_method"]) == ("BU00140100", "coordinaten")


def test_place_in_buurt_trusts_the_exact_address_over_coordinates(lookup, buurten):
    x, y = rd_centre("BU00140100")
    placed = place_one(lookup, buurten, postcode="9712AB", huisnummer="10", coord_x=x,
                       coord_y=y)
    assert (placed["buurt_code"], placed["placement_method"]) == ("BU00140001", "adres")


def test_place_in_buurt_trusts_coordinates_over_the_pc6_majority(lookup, buurten):
    x, y = rd_centre("BU00140100")
    placed = place_one(lookup, buurten, postcode="9711AA", huisnummer="99", coord_x=x,
                       coord_y=y)
    assert (placed["buurt_code"], placed["placement_method"]) == ("BU00140100", "coordinaten")


def test_place_by_coordinates_returns_na_for_points_outside_every_square(buurten):
    found = place_by_coordinates(pd.Series([240_000.0, 1.0, np.nan]),
                                 pd.Series([590_000.0, 2.0, np.nan]), buurten)
    assert found.isna().all()


# --- place_in_buurt: reasons ---------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        {"postcode": "9401AA", "huisnummer": "1"},  # exact address in Assen
        {"postcode": "9401aa", "huisnummer": "99"},  # PC6 majority in Assen
        {"postcode": "1011 AB", "huisnummer": "1"},  # alphanumeric Amsterdam code
    ],
)
def test_place_in_buurt_quarantines_addresses_of_another_gemeente(lookup, address):
    placed = place_one(lookup, **address)
    assert placed["placement_reason"] == REASON_OUTSIDE
    assert pd.isna(placed["buurt_code"])
    assert pd.isna(placed["placement_method"])


def test_place_in_buurt_quarantines_coordinates_outside_all_buurten(lookup, buurten):
    placed = place_one(lookup, buurten, coord_x=240_000.0, coord_y=590_000.0)
    assert placed["placement_reason"] == REASON_OUTSIDE
    assert pd.isna(placed["buurt_code"])


def test_place_in_buurt_quarantines_coordinates_in_a_buurt_of_another_gemeente(lookup, buurten):
    # A national boundaries file (--boundaries) also holds other gemeenten's buurten.
    assen = gpd.GeoDataFrame({"buurt_code": ["BU01060000"]},
                             geometry=[box(234_000, 557_000, 234_100, 557_100)], crs=28992)
    national = pd.concat([buurten, assen], ignore_index=True)
    placed = place_one(lookup, national, coord_x=234_050.0, coord_y=557_050.0)
    assert placed["placement_reason"] == REASON_OUTSIDE
    assert pd.isna(placed["buurt_code"])


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ({"postcode": "ABC", "huisnummer": "1"}, REASON_BAD_POSTCODE),
        ({"postcode": "0712AB", "huisnummer": "1"}, REASON_BAD_POSTCODE),
        ({}, REASON_NO_ADDRESS),
        ({"huisnummer": "10"}, REASON_NO_ADDRESS),
        ({"postcode": "9999ZZ", "huisnummer": "1"}, REASON_NOT_FOUND),
        ({"coord_x": 233_050.0, "coord_y": 582_050.0}, REASON_NOT_FOUND),  # no polygons given
    ],
)
def test_place_in_buurt_says_why_a_signal_cannot_be_placed(lookup, address, reason):
    placed = place_one(lookup, **address)
    assert placed["placement_reason"] == reason
    assert pd.isna(placed["buurt_code"])
    assert pd.isna(placed["placement_method"])


def test_place_in_buurt_returns_rows_aligned_with_a_non_default_index(lookup, buurten):
    x, y = rd_centre("BU00140100")
    frame = signals(
        [
            {"postcode": "9401AA", "huisnummer": "1"},
            {"coord_x": x, "coord_y": y},
            {"postcode": "9712AB", "huisnummer": "12"},
            {},
        ],
        index=[70, 50, 60, 40],
    )
    placed = place_in_buurt(frame, lookup, GEMEENTE, buurten)
    assert list(placed.index) == [70, 50, 60, 40]
    assert placed["buurt_code"].tolist() == [pd.NA, "BU00140100", "BU00140001", pd.NA]
    assert placed["placement_reason"].tolist() == [REASON_OUTSIDE, pd.NA, pd.NA,
                                                   REASON_NO_ADDRESS]
    assert list(placed.columns) == ["pc6", "huisnummer_norm", "toevoeging_norm", "buurt_code",
                                    "placement_method", "placement_reason"]


def test_place_in_buurt_handles_an_empty_batch(lookup, buurten):
    placed = place_in_buurt(signals([]), lookup, GEMEENTE, buurten)
    assert placed.empty


def test_build_address_lookup_normalises_the_tables_own_postcodes_and_drops_invalid_ones():
    table = pd.DataFrame({
        "pc6": pd.array(["9712 ab", "9712AB", "12AB", None, " 9713cd"], dtype="string"),
        "huisnummer": pd.array([1, 2, 3, 4, 5], dtype="Int64"),
        "buurt_code": pd.Categorical(["BU00140001"] * 4 + ["BU00140002"]),
        "gemeente_code": pd.Categorical(["GM0014"] * 5),
    })
    lookup = build_address_lookup(AddressTable.from_frame(table))
    codes = encode_postcodes(pd.Series(["9712AB", "9712AB", "9713CD"], dtype="string"))
    expected = encode_addresses(codes, pd.Series([1, 2, 5], dtype="Int64"))
    assert lookup.keys.tolist() == sorted(expected.tolist())


def test_summarise_postcodes_counts_distinct_addresses_per_postcode_and_buurt(lookup):
    from etl.transform.postcode_summary import summarise_postcodes

    summary = summarise_postcodes(lookup, GEMEENTE)
    rows = sorted(summary.itertuples(index=False, name=None))
    assert rows == [("9711AA", "BU00140000", 2), ("9711AA", "BU00140001", 1),
                    ("9712AB", "BU00140001", 2), ("9713CD", "BU00140100", 1)]
    assert len(summarise_postcodes(lookup, "*")) == 6


def test_a_shuffled_address_table_gives_the_same_lookup_as_the_sorted_one(lookup_table):
    """CBS's sorted order is only a shortcut: any order, with repeats, gives one lookup."""
    from etl.transform.postcode_summary import summarise_postcodes

    shuffled = pd.concat([lookup_table, lookup_table.iloc[[0, 4]]]).sample(frac=1, random_state=3)
    sorted_lookup = build_address_lookup(AddressTable.from_frame(lookup_table))
    shuffled_lookup = build_address_lookup(AddressTable.from_frame(shuffled))
    assert shuffled_lookup.keys.tolist() == sorted_lookup.keys.tolist()
    assert (shuffled_lookup.buurt_codes[shuffled_lookup.buurt].tolist()
            == sorted_lookup.buurt_codes[sorted_lookup.buurt].tolist())
    assert shuffled_lookup.pc6_majority().sort_index().map(
        lambda b: shuffled_lookup.buurt_codes[b]).tolist() == sorted_lookup.pc6_majority(
        ).sort_index().map(lambda b: sorted_lookup.buurt_codes[b]).tolist()
    for gemeente in (GEMEENTE, "*"):
        left = summarise_postcodes(shuffled_lookup, gemeente).sort_values(["pc6", "buurt_code"])
        right = summarise_postcodes(sorted_lookup, gemeente).sort_values(["pc6", "buurt_code"])
        assert left.reset_index(drop=True).equals(right.reset_index(drop=True))
