"""Tests for the keyed hashes that replace addresses and signal IDs: exactly HMAC-SHA256, the
same household however the address is written, stable derived IDs, no address in the output."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract.batch import signal_frame
from etl.extract.pc6_lookup import read_pc6_lookup
from etl.transform.place_in_buurt import build_address_lookup, place_in_buurt
from etl.transform.pseudonymise import hash_values, pseudonymise_ids, pseudonymise_signals

LOOKUP_CSV = Path(__file__).parents[1] / "fixtures" / "lookup" / "pc6hnr_small.csv"
KEY = b"test-household-key-of-at-least-32-bytes"
OTHER_KEY = b"another-household-key-of-32-bytes-or-more"


def python_hmac(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


@pytest.fixture(scope="module")
def lookup():
    table, _ = read_pc6_lookup(LOOKUP_CSV)
    return build_address_lookup(table)


def keyed(lookup, rows: list[dict], key: bytes = KEY) -> pd.DataFrame:
    """Household and signal keys for signals given as dicts of raw fields."""
    base = {"partner": "Zorg", "signaaldatum": "2024-03-05", "bedrag": "100"}
    rows = [{**base, **row} for row in rows]
    columns = ("signal_id", "partner", "signaaldatum", "bedrag", "postcode", "huisnummer",
               "toevoeging", "coord_x", "coord_y")
    frame = signal_frame({c: [row.get(c) for row in rows] for c in columns})
    placement = place_in_buurt(frame, lookup, "GM0014")
    return pseudonymise_signals(frame, placement, key)


# --- hash_values ---------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(values=st.lists(st.text(max_size=40), min_size=1, max_size=8),
       key=st.text(min_size=1, max_size=150).map(str.encode))
def test_hash_values_equals_python_hmac_sha256_truncated_to_128_bits(values, key):
    hashed = hash_values(pd.Series(values, dtype="string"), key)
    assert hashed.tolist() == [python_hmac(key, v) for v in values]


@pytest.mark.parametrize("length", [63, 64, 65, 100, 200])
def test_hash_values_hashes_keys_around_and_beyond_the_block_size_like_hmac(length):
    key = (bytes(range(32, 127)) * 3)[:length]
    hashed = hash_values(pd.Series(["9712AB|10|"]), key)
    assert hashed.tolist() == [python_hmac(key, "9712AB|10|")]


def test_a_key_that_is_not_utf8_text_is_refused_without_quoting_it():
    with pytest.raises(ValueError, match="UTF-8") as refused:
        hash_values(pd.Series(["9712AB|10|"]), b"\x80geheim")
    assert "geheim" not in str(refused.value) and "0x80" not in str(refused.value)
    assert refused.value.__cause__ is None and refused.value.__suppress_context__


def test_hash_values_keeps_na_as_na_and_hashes_the_empty_string():
    hashed = hash_values(pd.Series(["a", None, ""], dtype="string"), KEY)
    assert hashed.isna().tolist() == [False, True, False]
    assert hashed.iloc[2] == python_hmac(KEY, "")


def test_hash_values_keeps_order_and_a_non_default_index():
    values = pd.Series(["c", "a", None, "b"], index=["z", "x", "w", "y"], dtype="string")
    hashed = hash_values(values, KEY)
    assert list(hashed.index) == ["z", "x", "w", "y"]
    assert hashed["z"] == python_hmac(KEY, "c")
    assert hashed["x"] == python_hmac(KEY, "a")
    assert hashed["y"] == python_hmac(KEY, "b")
    assert pd.isna(hashed["w"])


def test_hash_values_of_an_empty_series_is_empty_and_keeps_its_index_type():
    hashed = hash_values(pd.Series([], dtype="string", index=pd.Index([], dtype="int64")), KEY)
    assert hashed.empty
    assert hashed.dtype == "string"


def test_hash_values_differs_per_key():
    values = pd.Series(["9712AB|10|"])
    assert hash_values(values, KEY).iloc[0] != hash_values(values, OTHER_KEY).iloc[0]


# --- pseudonymise_signals ------------------------------------------------------------------


def test_pseudonymise_signals_gives_one_household_key_however_the_address_is_written(lookup):
    keys = keyed(lookup, [
        {"postcode": "9712 ab", "huisnummer": "10a"},
        {"postcode": "9712AB", "huisnummer": "010", "toevoeging": "A"},
        {"postcode": " 9712ab", "huisnummer": "10 - a"},
    ])
    assert keys["household_key"].nunique() == 1
    assert keys["household_key"].iloc[0] == python_hmac(KEY, "9712AB|10|A")


def test_pseudonymise_signals_tells_different_addresses_apart(lookup):
    keys = keyed(lookup, [
        {"postcode": "9712AB", "huisnummer": "10"},
        {"postcode": "9712AB", "huisnummer": "10", "toevoeging": "A"},
        {"postcode": "9712AB", "huisnummer": "12"},
        {"postcode": "9711AA", "huisnummer": "10"},
    ])
    assert keys["household_key"].nunique() == 4


def test_pseudonymise_signals_gives_different_household_keys_for_different_secrets(lookup):
    address = [{"postcode": "9712AB", "huisnummer": "10"}]
    assert (keyed(lookup, address, KEY)["household_key"].iloc[0]
            != keyed(lookup, address, OTHER_KEY)["household_key"].iloc[0])


def test_pseudonymise_signals_keys_a_household_by_coordinates_without_an_address(lookup):
    keys = keyed(lookup, [
        {"coord_x": 233_050.00001, "coord_y": 582_050.0},
        {"coord_x": 233_050.0, "coord_y": 582_050.00002},
        {"coord_x": 233_150.0, "coord_y": 582_050.0},
    ])
    assert keys["household_key"].notna().all()
    assert keys["household_key"].iloc[0] == keys["household_key"].iloc[1]
    assert keys["household_key"].iloc[0] != keys["household_key"].iloc[2]


def test_pseudonymise_signals_keys_a_postcode_without_house_number_by_its_postcode(lookup):
    # Such a signal is placed by PC6; it must still get a household key, which is stored
    # as NOT NULL.
    keys = keyed(lookup, [{"postcode": "9711AA"}, {"postcode": "9711 aa", "huisnummer": "nul"}])
    assert keys["household_key"].notna().all()
    assert keys["household_key"].nunique() == 1


def test_pseudonymise_signals_hashes_given_ids_like_pseudonymise_ids(lookup):
    keys = keyed(lookup, [{"signal_id": " WS-1001 ", "postcode": "9712AB", "huisnummer": "10"}])
    assert not keys["is_derived_id"].iloc[0]
    expected = pseudonymise_ids(pd.Series(["WS-1001"]), KEY).iloc[0]
    assert keys["signal_key"].iloc[0] == expected == python_hmac(KEY, "id|WS-1001")


def test_pseudonymise_signals_derives_a_stable_id_when_none_is_given(lookup):
    rows = [{"postcode": "9712AB", "huisnummer": "10"}, {"signal_id": "  "}]
    first, second = keyed(lookup, rows), keyed(lookup, rows)
    assert first["is_derived_id"].tolist() == [True, True]
    assert first["signal_key"].tolist() == second["signal_key"].tolist()
    assert first["signal_key"].notna().all()


def test_pseudonymise_signals_derives_the_same_id_for_the_same_address_written_differently(
    lookup,
):
    keys = keyed(lookup, [{"postcode": "9712 ab", "huisnummer": "10"},
                          {"postcode": "9712AB", "huisnummer": "010"}])
    assert keys["signal_key"].nunique() == 1


@pytest.mark.parametrize("change", [{"bedrag": "101"}, {"partner": "Water"},
                                    {"signaaldatum": "2024-03-06"}, {"huisnummer": "12"}])
def test_pseudonymise_signals_derives_another_id_when_a_field_differs(lookup, change):
    base = {"postcode": "9712AB", "huisnummer": "10"}
    keys = keyed(lookup, [base, {**base, **change}])
    assert keys["signal_key"].iloc[0] != keys["signal_key"].iloc[1]


def test_pseudonymise_signals_returns_only_keys_never_the_address(lookup):
    keys = keyed(lookup, [{"signal_id": "WS-77", "postcode": "9712AB", "huisnummer": "10",
                           "toevoeging": "bis", "coord_x": 233_050.0, "coord_y": 582_050.0}])
    assert list(keys.columns) == ["household_key", "signal_key", "is_derived_id"]
    cells = " ".join(str(v) for v in keys.to_numpy().ravel())
    for value in ("9712AB", "9712", "BIS", "bis", "233050", "WS-77"):
        assert value not in cells


def test_pseudonymise_signals_keeps_a_non_default_index(lookup):
    frame = signal_frame({"signal_id": ["a", "b"], "postcode": ["9712AB", None],
                          "huisnummer": ["10", None]})
    frame.index = [9, 3]
    keys = pseudonymise_signals(frame, place_in_buurt(frame, lookup, "GM0014"), KEY)
    assert list(keys.index) == [9, 3]
    assert keys.loc[9, "signal_key"] == python_hmac(KEY, "id|a")
    assert pd.isna(keys.loc[3, "household_key"])


def test_pseudonymise_ids_keeps_missing_and_blank_ids_missing():
    keys = pseudonymise_ids(pd.Series(["x", None, "  "], dtype="string"), KEY)
    assert keys.isna().tolist() == [False, True, True]
