"""Tests for the privacy door: every quarantine reason and their order, the status mapping,
that every input row comes out exactly once, and that no personal field gets through."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.extract.batch import SIGNAL_COLUMNS, signal_frame
from etl.extract.pc6_lookup import read_pc6_lookup
from etl.transform import validate
from etl.transform.partner_types import DDAS_PARTNER_TYPES
from etl.transform.place_in_buurt import (
    REASON_BAD_POSTCODE,
    REASON_NO_ADDRESS,
    REASON_NOT_FOUND,
    REASON_OUTSIDE,
    build_address_lookup,
)
from etl.transform.prepare_signals import (
    LOADABLE_COLUMNS,
    QUARANTINE_COLUMNS,
    prepare_signals,
)
from etl.transform.validate import ValidationRules, flag_invalid_signals, parse_signal_fields

LOOKUP_CSV = Path(__file__).parents[1] / "fixtures" / "lookup" / "pc6hnr_small.csv"
KEY = b"test-household-key-of-at-least-32-bytes"
RULES = ValidationRules(gemeente_code="GM0014", today=date(2025, 1, 1),
                        earliest_date=date(2015, 1, 1), max_amount=250_000.0)

#: A signal that loads; tests change one or more fields.
VALID = {
    "gemeentecode": "GM0014",
    "signal_id": "WS-1",
    "signaaldatum": "2024-03-05",
    "partner": "Zorg",
    "bedrag": "100,50",
    "status": "Opgepakt",
    "postcode": "9712AB",
    "huisnummer": "10",
}
PERSONAL_COLUMNS = {"postcode", "huisnummer", "toevoeging", "coord_x", "coord_y", "bsn",
                    "has_bsn", "pc6", "huisnummer_norm", "toevoeging_norm", "naam",
                    "geboortedatum", "straat"}


@pytest.fixture(scope="module")
def lookup():
    table, _ = read_pc6_lookup(LOOKUP_CSV)
    return build_address_lookup(table)


def batch(rows: list[dict]) -> pd.DataFrame:
    """A signals frame with source rows 1..n; fields not given stay missing."""
    data = {c: [row.get(c) for row in rows] for c in SIGNAL_COLUMNS}
    data["source_row"] = list(range(1, len(rows) + 1))
    data["source_ref"] = [f"regel {i + 1}" for i in range(len(rows))]
    return signal_frame(data)


def prepare(lookup, rows: list[dict], **kwargs):
    return prepare_signals(batch(rows), lookup=lookup, rules=RULES, key=KEY, **kwargs)


def reason_of(lookup, **changes) -> str | None:
    prepared = prepare(lookup, [{**VALID, **changes}])
    if prepared.quarantined.empty:
        return None
    return prepared.quarantined["reason"].iloc[0]


def all_cells(frame: pd.DataFrame) -> list[str]:
    return [str(v) for v in frame.to_numpy().ravel() if not pd.isna(v)]


# --- reasons -------------------------------------------------------------------------------


def test_prepare_signals_loads_a_valid_signal_with_typed_fields(lookup):
    prepared = prepare(lookup, [VALID])
    assert prepared.quarantined.empty
    row = prepared.loadable.iloc[0]
    assert row["signaaldatum"] == date(2024, 3, 5)
    assert row["partner_type"] == "Zorg"
    assert row["bedrag"] == pytest.approx(100.5)
    assert row["status"] == "Opgepakt"
    assert row["buurt_code"] == "BU00140001"
    assert row["placement_method"] == "adres"
    assert row["source_row"] == 1
    assert not row["is_derived_id"]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"gemeentecode": "GM0106"}, validate.REASON_OTHER_GEMEENTE),
        ({"gemeentecode": "gm0014"}, None),
        ({"gemeentecode": None}, None),
        ({"signaaldatum": None}, validate.REASON_NO_DATE),
        ({"signaaldatum": "  "}, validate.REASON_NO_DATE),
        ({"signaaldatum": "31-02-2024"}, validate.REASON_BAD_DATE),
        ({"signaaldatum": "maart 2024"}, validate.REASON_BAD_DATE),
        ({"signaaldatum": "2025-01-02"}, validate.REASON_FUTURE),
        ({"signaaldatum": "2025-01-01"}, None),
        ({"signaaldatum": "2014-12-31"}, validate.REASON_TOO_EARLY),
        ({"signaaldatum": "01-01-2015"}, None),
        ({"partner": None}, validate.REASON_NO_PARTNER),
        ({"partner": " "}, validate.REASON_NO_PARTNER),
        ({"partner": "bakker"}, validate.REASON_UNKNOWN_PARTNER),
        ({"partner": "woningcorporatie"}, None),
        ({"bedrag": "veel"}, validate.REASON_BAD_AMOUNT),
        ({"bedrag": "-5"}, validate.REASON_NEGATIVE_AMOUNT),
        ({"bedrag": "300.000"}, validate.REASON_ABSURD_AMOUNT),
        ({"bedrag": "250.000"}, None),
        ({"bedrag": None}, None),
        ({"bedrag": "0"}, None),
        ({"postcode": "97XX12", "huisnummer": "1"}, REASON_BAD_POSTCODE),
        ({"postcode": None, "huisnummer": None}, REASON_NO_ADDRESS),
        ({"postcode": "9999ZZ", "huisnummer": "1"}, REASON_NOT_FOUND),
        ({"postcode": "9401AA", "huisnummer": "1"}, REASON_OUTSIDE),
        ({"reject_reason": "schema", "reject_detail": "$.vroegsignalen[0].ID: ontbreekt"},
         "schema"),
    ],
)
def test_prepare_signals_quarantines_with_the_reason_a_steward_acts_on(lookup, changes, reason):
    assert reason_of(lookup, **changes) == reason


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"reject_reason": "ongeldige regel", "gemeentecode": "GM0106", "signaaldatum": None},
         "ongeldige regel"),
        ({"gemeentecode": "GM0106", "signaaldatum": "nooit", "partner": "bakker"},
         validate.REASON_OTHER_GEMEENTE),
        ({"signaaldatum": None, "partner": None, "bedrag": "veel"}, validate.REASON_NO_DATE),
        ({"signaaldatum": "2030-01-01", "partner": "bakker"}, validate.REASON_FUTURE),
        ({"signaaldatum": "2010-01-01", "bedrag": "-1"}, validate.REASON_TOO_EARLY),
        ({"partner": None, "bedrag": "veel"}, validate.REASON_NO_PARTNER),
        ({"partner": "bakker", "bedrag": "-1"}, validate.REASON_UNKNOWN_PARTNER),
        ({"bedrag": "veel", "postcode": None}, validate.REASON_BAD_AMOUNT),
        ({"bedrag": "-1", "postcode": "9401AA"}, validate.REASON_NEGATIVE_AMOUNT),
        ({"bedrag": "1.000.000", "postcode": "ABC"}, validate.REASON_ABSURD_AMOUNT),
    ],
)
def test_prepare_signals_reports_only_the_first_reason_in_a_fixed_order(lookup, changes,
                                                                          reason):
    assert reason_of(lookup, **changes) == reason


def test_prepare_signals_details_say_where_and_what_without_personal_values(lookup):
    prepared = prepare(lookup, [
        {**VALID, "gemeentecode": "GM0106"},
        {**VALID, "signaaldatum": "31-02-2024"},
        {**VALID, "bedrag": "300.000"},
        {**VALID, "postcode": "9999ZZ", "huisnummer": "77"},
    ])
    details = prepared.quarantined["detail"].tolist()
    assert details[0] == "gemeentecode GM0106"
    assert "JJJJ-MM-DD" in details[1]
    assert details[2] == "meer dan 250.000 euro"
    assert pd.isna(details[3])
    assert prepared.quarantined["source_ref"].tolist() == [f"regel {i}" for i in range(1, 5)]


def test_flag_invalid_signals_keeps_the_readers_reason_and_detail():
    signals = batch([{**VALID, "reject_reason": "schema", "reject_detail": "$.x: ontbreekt",
                      "partner": "bakker"}])
    reason, detail = flag_invalid_signals(signals, parse_signal_fields(signals), RULES)
    assert (reason.iloc[0], detail.iloc[0]) == ("schema", "$.x: ontbreekt")


# --- status --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("Opgepakt", "Opgepakt"),
        (" opgepakt ", "Opgepakt"),
        ("NIET OPGEPAKT: ANDERE REDEN", "Niet opgepakt: andere reden"),
        ("Inwoner al bekend bij schuldhulpverlening", "Inwoner al bekend bij schuldhulpverlening"),
        ("bel mevrouw Jansen terug na de vakantie", "Onbekend"),
        ("", "Onbekend"),
    ],
)
def test_prepare_signals_maps_status_onto_the_ddas_enumeration_or_onbekend(lookup, raw, status):
    prepared = prepare(lookup, [{**VALID, "status": raw}])
    assert prepared.loadable["status"].tolist() == [status]


def test_prepare_signals_leaves_a_missing_status_missing(lookup):
    prepared = prepare(lookup, [{**VALID, "status": None}])
    assert prepared.loadable["status"].isna().all()


def test_prepare_signals_never_keeps_free_status_text(lookup):
    remark = "bel mevrouw Jansen terug"
    prepared = prepare(lookup, [{**VALID, "status": remark},
                                {**VALID, "status": remark, "partner": "bakker"}])
    for frame in (prepared.loadable, prepared.quarantined):
        assert not any("Jansen" in cell for cell in all_cells(frame))


def test_prepare_signals_parses_flags_and_the_origin_date(lookup):
    prepared = prepare(lookup, [{**VALID, "is_crisis": True, "is_warme_overdracht": False,
                                 "ontstaansdatum": "15-02-2024"}])
    row = prepared.loadable.iloc[0]
    assert row["is_crisis"]
    assert not row["is_warme_overdracht"]
    assert row["ontstaansdatum"] == date(2024, 2, 15)


# --- privacy -------------------------------------------------------------------------------


def test_prepare_signals_outputs_no_personal_column(lookup):
    prepared = prepare(lookup, [VALID, {**VALID, "partner": "bakker"}])
    assert tuple(prepared.loadable.columns) == LOADABLE_COLUMNS
    assert tuple(prepared.quarantined.columns) == QUARANTINE_COLUMNS
    for frame in (prepared.loadable, prepared.quarantined):
        assert not PERSONAL_COLUMNS & set(frame.columns)


def test_prepare_signals_outputs_no_address_bsn_or_id_text(lookup):
    personal = {"postcode": "9712 AB", "huisnummer": "10", "toevoeging": "bis",
                "bsn": "999990019", "has_bsn": True, "signal_id": "WS-GEHEIM-1",
                "coord_x": 233_050.5, "coord_y": 582_050.5}
    rows = [{**VALID, **personal}, {**VALID, **personal, "partner": "bakker"},
            {**VALID, **personal, "postcode": "9999ZZ"}]
    prepared = prepare(lookup, rows)
    cells = " ".join(all_cells(prepared.loadable) + all_cells(prepared.quarantined))
    for value in ("9712 AB", "9712AB", "BIS", "bis", "999990019", "WS-GEHEIM", "233050",
                  "582050"):
        assert value not in cells


def test_prepare_signals_places_a_bsn_only_signal_through_the_brp_and_drops_the_bsn(lookup):
    brp = pd.DataFrame({"bsn": ["999990019"], "postcode": ["9712AB"], "huisnummer": ["12"],
                        "toevoeging": [None]}, dtype="string")
    row = {**VALID, "postcode": None, "huisnummer": None, "bsn": "999990019", "has_bsn": True}
    prepared = prepare(lookup, [row], brp=brp)
    assert prepared.loadable["buurt_code"].tolist() == ["BU00140001"]
    assert "999990019" not in " ".join(all_cells(prepared.loadable))


def test_prepare_signals_quarantines_a_bsn_only_signal_without_brp_as_geen_adres(lookup):
    row = {**VALID, "postcode": None, "huisnummer": None, "bsn": "999990019", "has_bsn": True}
    prepared = prepare(lookup, [row])
    assert prepared.quarantined["reason"].tolist() == [REASON_NO_ADDRESS]
    assert "999990019" not in " ".join(all_cells(prepared.quarantined))


def test_prepare_signals_loads_a_postcode_without_house_number_by_pc6(lookup):
    prepared = prepare(lookup, [{**VALID, "postcode": "9711AA", "huisnummer": None}])
    assert prepared.loadable["placement_method"].tolist() == ["pc6"]
    assert prepared.loadable["household_key"].notna().all()


# --- property: every row comes out exactly once --------------------------------------------

#: Free text of non-personal fields never contains the marker that all free text of personal
#: fields carries, so finding the marker in the output means personal text got through.
_MARK = "§"
_TEXT = st.text(alphabet=st.characters(exclude_characters=_MARK, exclude_categories=["Cs"]),
               max_size=12)
_PERSONAL_TEXT = st.text(max_size=12).map(lambda text: _MARK + text)
_POSTCODES = ["9711AA", "9712 ab", "9401AA", "9999ZZ", "1011AB"]
_FIELDS = {
    "gemeentecode": st.sampled_from([None, "GM0014", "GM0106", "0014", ""]) | _TEXT,
    "signal_id": st.sampled_from([None, "", "A", "B", "C"]) | _TEXT,
    "signaaldatum": st.sampled_from([None, "", "2024-03-05", "31-02-2024", "05-03-2024",
                                     "2030-01-01", "2001-01-01", "2024-03-05T00:30:00+02:00"])
    | _TEXT,
    "ontstaansdatum": st.sampled_from([None, "2024-01-01"]) | _TEXT,
    "partner": st.sampled_from([None, "", "Zorg", "energie", "Woningcorporatie", "bakker"])
    | _TEXT,
    "bedrag": st.sampled_from([None, "", "12,50", "1.234", "-3", "999999999", "€ 450"])
    | _TEXT,
    "status": st.sampled_from([None, "Opgepakt", "nog niet opgepakt"]) | _TEXT,
    "is_crisis": st.sampled_from([None, True, False]),
    "postcode": st.sampled_from([None, "", "ABC", *_POSTCODES]) | _PERSONAL_TEXT,
    "huisnummer": st.sampled_from([None, "", "1", "3", "10", "010", "10A", "0", "x"])
    | _PERSONAL_TEXT,
    "toevoeging": st.sampled_from([None, "", "a", "bis"]) | _PERSONAL_TEXT,
    "bsn": st.sampled_from([None, "999990019"]) | _PERSONAL_TEXT,
    "coord_x": st.sampled_from([None, 233_050.0, 6.57, 53.2, 1e9, -1.0]),
    "coord_y": st.sampled_from([None, 582_050.0, 53.2, 6.57, float("nan")]),
    "reject_reason": st.sampled_from([None, None, None, "schema"]),
}
_ROW = st.fixed_dictionaries({name: strategy for name, strategy in _FIELDS.items()})
_NOT_NULL = ("signal_key", "signaaldatum", "partner_type", "buurt_code", "placement_method",
             "household_key", "is_derived_id")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(rows=st.lists(_ROW, max_size=12))
def test_prepare_signals_splits_any_batch_into_loadable_and_quarantined_rows(lookup, rows):
    frame = batch(rows)
    prepared = prepare_signals(frame, lookup=lookup, rules=RULES, key=KEY)
    loadable, quarantined = prepared.loadable, prepared.quarantined

    assert len(loadable) + len(quarantined) == len(frame)
    assert sorted(loadable["source_row"].tolist() + quarantined["source_row"].tolist()) \
        == frame["source_row"].tolist()
    assert tuple(loadable.columns) == LOADABLE_COLUMNS
    assert tuple(quarantined.columns) == QUARANTINE_COLUMNS
    assert quarantined["reason"].notna().all()
    for column in _NOT_NULL:  # stored as NOT NULL in raw.signal
        assert loadable[column].notna().all(), column
    assert loadable["buurt_code"].str.startswith("BU0014").all()
    assert loadable["partner_type"].isin(DDAS_PARTNER_TYPES).all()
    statuses = set(validate.SIGNAL_STATUSES) | {"Onbekend"}
    assert loadable["status"].dropna().isin(statuses).all()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(rows=st.lists(_ROW, max_size=12))
def test_prepare_signals_lets_no_personal_text_through_for_any_batch(lookup, rows):
    prepared = prepare_signals(batch(rows), lookup=lookup, rules=RULES, key=KEY)
    for frame in (prepared.loadable, prepared.quarantined):
        assert not PERSONAL_COLUMNS & set(frame.columns)
        cells = all_cells(frame)
        assert not any(_MARK in cell for cell in cells)
        echoed = all_cells(frame.drop(columns=["detail"], errors="ignore"))
        for value in ("999990019", *_POSTCODES, "9712AB"):
            assert not any(value in cell for cell in echoed)
