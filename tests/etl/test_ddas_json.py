"""Tests for the DDAS JSON reader: format versions, privacy at the door, schema rejects, fatal
errors, and hypothesis properties (no crash but EtlError; counts add up)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.errors import EtlError
from etl.extract import ddas_json
from etl.extract.batch import (
    CASE_COLUMNS,
    CASE_SIGNAL_COLUMNS,
    CONTACT_COLUMNS,
    SIGNAL_COLUMNS,
    ExtractBatch,
)
from etl.extract.ddas_json import read_ddas_delivery, sniff_ddas_version

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ddas"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
STANDARDS = SHARED / "standards"
V09 = STANDARDS / "vng-uitwisselmodel-vroegsignalering-v0.9"
V12 = STANDARDS / "vng-uitwisselmodel-vroegsignalering-v1.2"

#: Personal values in the hand-written fixtures that must never leave the reader.
FIXTURE_PERSONAL_VALUES = (
    "Verzonnenhuis",
    "Bedachtsma",
    "Neppersma",
    "Fabelsma",
    "Droomdijk",
    "Sprookjesveld",
    "Luchtkasteel",
    "Afgebrokenveld",
    "Foutenberg",
    "Kladblok-Tekstpersoon",
    "Losse-Tekstpersoon",
    "Proefstraat",
    "Verzinlaan",
    "Fictiefhuizen",
    "1970-02-03",
    "1982-11-30",
    "1991-07-14",
    "Q. Contactverzinsel",
    "R. Contactbedenker",
    "999990019",
    "999990020",
    "999990032",
)


def read_all(path: Path, **kwargs) -> list[ExtractBatch]:
    return list(read_ddas_delivery(path, **kwargs))


def all_strings(batches: list[ExtractBatch]) -> list[str]:
    """Every string cell and column of every frame, for the privacy checks."""
    out: list[str] = []
    for batch in batches:
        for frame in (batch.signals, batch.cases, batch.case_signals, batch.contacts):
            out.extend(str(c) for c in frame.columns)
            for column in frame.columns:
                out.extend(v for v in frame[column].tolist() if isinstance(v, str))
        out.extend(str(v) for v in vars(batch.delivery).values())
    return out


def assert_no_personal_values(strings: list[str], personal: tuple[str, ...] | set[str]) -> None:
    for value in personal:
        if len(value) >= 6:
            leaks = [s for s in strings if value in s]
        else:
            leaks = [s for s in strings if s == value]
        assert not leaks, f"personal value leaked into {len(leaks)} cell(s)"


def write_doc(directory: Path, doc, name: str = "levering.json") -> Path:
    path = directory / name
    text = doc if isinstance(doc, str) else json.dumps(doc)
    path.write_text(text, encoding="utf-8")
    return path


def minimal_doc(**levering) -> dict:
    return {
        "codeGegevensleverancier": "TESTSOFT",
        "startdatumLevering": "2025-01-01",
        "einddatumLevering": "2025-01-31",
        "aanleverdatumEnTijd": "2025-02-01T00:00:00Z",
        "leveringen": [{"teller": 1, "gemeentecode": "0014", **levering}],
    }


# --- the hand-written fixtures ------------------------------------------------------------


def test_read_ddas_delivery_reads_a_v09_levering_into_one_batch():
    (batch,) = read_all(FIXTURES / "v09_single.json")
    signals = batch.signals
    assert list(signals.columns) == list(SIGNAL_COLUMNS)
    assert signals["signal_id"].tolist() == ["WS-0001", "WS-0002", "WS-0003"]
    assert signals["bedrag"].tolist() == ["450", "1200", "85"]
    assert signals["partner"].tolist() == ["Energie", "Huur", "Water"]
    assert signals["status"].tolist()[:2] == ["Nog niet opgepakt", "Niet opgepakt: andere reden"]
    assert signals["signaaldatum"].tolist() == ["2025-03-04", "2025-03-11", "2025-03-20"]
    assert signals["is_crisis"].tolist()[:2] == [False, True]
    assert signals["is_warme_overdracht"].tolist()[:2] == [False, True]
    assert signals["postcode"].tolist() == ["9711AA", "9712BC", "9713CD"]
    assert signals["huisnummer"].tolist() == ["1", "22", "7"]
    assert signals.loc[0, "toevoeging"] == "B"
    assert signals["reject_reason"].isna().all()
    assert signals["gemeentecode"].eq("GM0014").all()
    assert signals["source_row"].tolist() == [1, 2, 3]
    assert signals.loc[2, "source_ref"] == "$.leveringen[0].vroegsignalen[2]"

    assert batch.cases["case_ref"].tolist() == ["$.leveringen[0].vroegsignaalzaken[0]"]
    case = batch.cases.iloc[0]
    assert case["resultaat"] == "Inwoner hoeft geen hulp vanuit vroegsignalering"
    assert case["matchingsdatum"] == "2025-03-12"
    assert case["datum_opgepakt"] == "2025-03-13"
    assert case["einddatum_matchingperiode"] == "2025-03-31"
    assert batch.case_signals["signal_id"].tolist() == ["WS-0001", "WS-0002"]
    assert batch.contacts["soort"].tolist() == ["Brief", "Huisbezoek"]
    assert batch.contacts["is_bereikt"].tolist() == [False, True]
    assert batch.contacts["dagdeel"].tolist() == ["Ochtend", "Middag"]


def test_read_ddas_delivery_describes_the_delivery_from_the_top_level_fields():
    path = FIXTURES / "v09_single.json"
    (batch,) = read_all(path)
    delivery = batch.delivery
    assert delivery.source_format == "ddas-json-0.9"
    assert delivery.delivery_key == "ddas:TESTSOFT:GM0014:2025-03-01:2025-03-31"
    assert delivery.period_start == date(2025, 3, 1)
    assert delivery.period_end == date(2025, 3, 31)
    assert delivery.supplier == "TESTSOFT"
    assert delivery.source_file == "v09_single.json"
    assert delivery.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_read_ddas_delivery_reads_v12_clients_by_bsn_or_by_address():
    (batch,) = read_all(FIXTURES / "v12_delivery.json")
    assert batch.delivery.source_format == "ddas-json-1.2"
    assert batch.signals["has_bsn"].tolist() == [True, False]
    bsn_only, by_address = batch.signals.iloc[0], batch.signals.iloc[1]
    assert pd.isna(bsn_only["postcode"]) and pd.isna(bsn_only["huisnummer"])
    assert (by_address["postcode"], by_address["huisnummer"], by_address["toevoeging"]) == (
        "9714EF",
        "5",
        "bis",
    )
    assert batch.signals["status"].tolist() == ["Opgepakt", "Nog niet opgepakt"]
    case = batch.cases.iloc[0]
    assert case["startdatum_matchingperiode"] == "2025-04-01"
    assert case["datum_opgepakt"] == "2025-04-04"
    assert case["einddatum_matchingperiode"] == "2025-04-30"
    assert batch.contacts["soort"].tolist() == ["Afspraak op locatie"]


def test_read_ddas_delivery_leaves_the_bsn_out_unless_asked():
    for name in ("v09_single.json", "v12_delivery.json"):
        batches = read_all(FIXTURES / name)
        assert batches[0].signals["bsn"].isna().all()
        assert "999990019" not in all_strings(batches)
        assert "999990032" not in all_strings(batches)
    (batch,) = read_all(FIXTURES / "v12_delivery.json", keep_bsn=True)
    assert batch.signals["bsn"].tolist()[0] == "999990032"
    assert pd.isna(batch.signals["bsn"].tolist()[1])
    assert batch.signals["has_bsn"].tolist() == [True, False]


def test_read_ddas_delivery_sets_has_bsn_from_either_key_spelling():
    (v09,) = read_all(FIXTURES / "v09_single.json", keep_bsn=True)
    assert v09.signals["has_bsn"].tolist() == [True, True, False]
    assert v09.signals["bsn"].tolist()[:2] == ["999990019", "999990020"]


def test_read_ddas_delivery_yields_one_batch_per_levering_with_running_source_rows():
    batches = read_all(FIXTURES / "multi_levering.json")
    assert [len(b.signals) for b in batches] == [2, 1, 1]
    assert [b.signals["gemeentecode"].iloc[0] for b in batches] == ["GM0014", "GM0034", "GM0014"]
    rows = pd.concat([b.signals for b in batches])
    assert rows["source_row"].tolist() == [1, 2, 3, 4]
    assert rows["source_ref"].tolist() == [
        "$.leveringen[0].vroegsignalen[0]",
        "$.leveringen[0].vroegsignalen[1]",
        "$.leveringen[1].vroegsignalen[0]",
        "$.leveringen[2].vroegsignalen[0]",
    ]
    assert [len(b.cases) for b in batches] == [0, 1, 0]
    assert batches[1].cases.loc[0, "case_ref"] == "$.leveringen[1].vroegsignaalzaken[0]"
    assert len({b.delivery.file_sha256 for b in batches}) == 1


def test_read_ddas_delivery_reads_metadata_that_follows_the_leveringen():
    batches = read_all(FIXTURES / "multi_levering.json")
    assert {b.delivery.supplier for b in batches} == {"TESTHOST"}
    assert batches[0].delivery.period_start == date(2025, 5, 1)


def test_leveringen_for_the_same_gemeente_and_period_share_one_delivery_key():
    batches = read_all(FIXTURES / "multi_levering.json")
    keys = [b.delivery.delivery_key for b in batches]
    assert keys == [
        "ddas:TESTHOST:GM0014:2025-05-01:2025-05-31",
        "ddas:TESTHOST:GM0034:2025-05-01:2025-05-31",
        "ddas:TESTHOST:GM0014:2025-05-01:2025-05-31",
    ]


def test_read_ddas_delivery_tolerates_every_spelling_of_the_matching_period_start():
    (v09_typo,) = read_all(FIXTURES / "v09_single.json")
    correct = read_all(FIXTURES / "multi_levering.json")[1]
    (camel,) = read_all(FIXTURES / "v12_delivery.json")
    assert v09_typo.cases.loc[0, "startdatum_matchingperiode"] == "2025-03-01"
    assert correct.cases.loc[0, "startdatum_matchingperiode"] == "2025-05-01"
    assert camel.cases.loc[0, "startdatum_matchingperiode"] == "2025-04-01"


def test_read_ddas_delivery_tolerates_mixed_client_key_case(tmp_path):
    doc = minimal_doc(
        vroegsignalen=[
            {
                "ID": "X1",
                "signaalpartner": {"type": "Energie"},
                "client": {"postcode": "9711AA", "Huisnummer": "3", "huisnummertoevoeging": "a"},
            }
        ]
    )
    (batch,) = read_all(write_doc(tmp_path, doc))
    row = batch.signals.iloc[0]
    assert (row["postcode"], row["huisnummer"], row["toevoeging"]) == ("9711AA", "3", "a")
    assert batch.delivery.source_format == "ddas-json-1.2"


def test_read_ddas_delivery_reads_past_a_utf8_byte_order_mark(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(minimal_doc()).encode())
    (batch,) = read_all(path)
    assert batch.delivery.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("code", ["0014", "14", "GM0014", "gm0014", " 0014 ", 14])
def test_read_ddas_delivery_normalises_the_gemeentecode(tmp_path, code):
    doc = minimal_doc()
    doc["leveringen"][0]["gemeentecode"] = code
    (batch,) = read_all(write_doc(tmp_path, doc))
    assert batch.delivery.delivery_key == "ddas:TESTSOFT:GM0014:2025-01-01:2025-01-31"


@pytest.mark.parametrize("code", ["Groningen", "12345", "", "GM", True, 1.5, [14]])
def test_read_ddas_delivery_rejects_a_gemeentecode_that_is_no_code(tmp_path, code):
    doc = minimal_doc()
    doc["leveringen"][0]["gemeentecode"] = code
    with pytest.raises(EtlError, match=r"\$\.leveringen\[0\]\.gemeentecode is geen gemeentecode"):
        read_all(write_doc(tmp_path, doc))


def test_read_ddas_delivery_keeps_schema_violations_as_rejected_rows():
    path = FIXTURES / "schema_violations.json"
    (batch,) = read_all(path)
    signals = batch.signals
    assert len(signals) == 9
    p = "$.leveringen[0].vroegsignalen"
    details = dict(zip(signals["source_ref"], signals["reject_detail"], strict=True))
    assert details[f"{p}[0]"] == f"{p}[0].bedrag: geen geheel getal"
    assert details[f"{p}[1]"] == f"{p}[1].ID: ontbreekt"
    assert details[f"{p}[2]"] == f"{p}[2].client: geen object"
    assert pd.isna(details[f"{p}[3]"])
    assert details[f"{p}[4]"] == (
        f"{p}[4].bedrag: geen geheel getal; {p}[4].crisissignaal: geen waar/onwaar (true/false)"
    )
    assert details[f"{p}[5]"] == f"{p}[5].bedrag: geen geheel getal"
    assert details[f"{p}[6]"].split("; ") == [
        f"{p}[6].signaaldatum: geen tekst",
        f"{p}[6].signaalpartner: ontbreekt",
        f"{p}[6].client.Postcode: geen tekst",
    ]
    assert details[f"{p}[7]"] == f"{p}[7]: geen object"
    assert pd.isna(details[f"{p}[8]"])
    rejected = signals["reject_detail"].notna()
    assert (signals["reject_reason"].eq("schema") == rejected).all()
    assert signals["bedrag"].tolist()[3] == "450"  # 450.0 is a whole number
    assert signals["signal_id"].tolist()[0] == "WS-4000"  # a rejected row keeps its fields


def test_read_ddas_delivery_rejects_malformed_cases_and_keeps_every_item():
    (batch,) = read_all(FIXTURES / "schema_violations.json")
    cases = batch.cases
    z = "$.leveringen[0].vroegsignaalzaken"
    assert cases["reject_reason"].tolist()[0] is pd.NA
    assert cases["reject_detail"].tolist()[1] == f"{z}[1]: geen object"
    assert cases["reject_detail"].tolist()[2].split("; ") == [
        f"{z}[2].datum_opgepakt: geen tekst",
        f"{z}[2].vroegsignalen[0].ID: ontbreekt",
        f"{z}[2].contactpogingen[0].bereikt: geen waar/onwaar (true/false)",
        f"{z}[2].contactpogingen[1]: geen object",
    ]
    assert len(batch.case_signals) == 3
    assert batch.case_signals["signal_id"].tolist()[2] == "WS-4004"
    assert len(batch.contacts) == 2
    assert batch.contacts["soort"].tolist()[0] == "Telefoon"


def test_hand_written_fixtures_carry_no_personal_value_out_of_the_reader():
    for name in ("v09_single.json", "v12_delivery.json", "multi_levering.json"):
        assert_no_personal_values(all_strings(read_all(FIXTURES / name)), FIXTURE_PERSONAL_VALUES)
    strings = all_strings(read_all(FIXTURES / "schema_violations.json"))
    assert_no_personal_values(strings, FIXTURE_PERSONAL_VALUES)
    assert not [s for s in strings if "belde niet op" in s or "zaak als tekst" in s]


def test_read_ddas_delivery_logs_counts_and_codes_but_no_personal_values(caplog):
    with caplog.at_level(logging.DEBUG, logger="etl.extract.ddas_json"):
        read_all(FIXTURES / "v09_single.json", keep_bsn=True)
        read_all(FIXTURES / "schema_violations.json")
    assert "GM0014" in caplog.text
    assert_no_personal_values([caplog.text], FIXTURE_PERSONAL_VALUES)


def test_sniff_ddas_version_recognises_keys_that_only_v12_has():
    assert sniff_ddas_version({"aanleverendeOrganisatie": {}}) == "1.2"
    assert sniff_ddas_version({"aanleverende_organisatie": {}}) == "0.9"
    assert sniff_ddas_version({"vroegsignalen": [{"client": {"postcode": "1"}}]}) == "1.2"
    assert sniff_ddas_version({"vroegsignalen": [{"client": {"Postcode": "1"}}]}) == "0.9"
    assert sniff_ddas_version({"vroegsignaalzaken": [{"datumOpgepakt": "x"}]}) == "1.2"
    assert sniff_ddas_version({"vroegsignalen": ["junk", {"client": "junk"}]}) == "0.9"


# --- fatal problems ---------------------------------------------------------------------


def test_an_empty_file_is_fatal_and_named():
    with pytest.raises(EtlError) as caught:
        read_all(FIXTURES / "empty.json")
    assert str(caught.value) == "empty.json: het bestand is leeg"


def test_a_top_level_array_is_fatal_and_named():
    with pytest.raises(EtlError) as caught:
        read_all(FIXTURES / "top_level_array.json")
    assert str(caught.value).startswith("top_level_array.json: ")
    assert "geen JSON-object" in str(caught.value)


def test_a_truncated_file_may_yield_batches_before_it_fails_without_personal_values():
    reader = read_ddas_delivery(FIXTURES / "truncated.json")
    first = next(reader)
    assert first.delivery.delivery_key.startswith("ddas:TESTSOFT:GM0014:")
    with pytest.raises(EtlError) as caught:
        next(reader)
    message = str(caught.value)
    size = (FIXTURES / "truncated.json").stat().st_size
    assert message.startswith("truncated.json: JSON is afgebroken of ongeldig")
    assert f"byte {size}" in message
    assert_no_personal_values([message], FIXTURE_PERSONAL_VALUES)
    # ijson's own message quotes the file's text: it must not travel along as context.
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_a_missing_file_is_fatal_and_named(tmp_path):
    with pytest.raises(EtlError, match=r"^weg\.json: het bestand kan niet worden gelezen$"):
        read_all(tmp_path / "weg.json")


META = {
    "codeGegevensleverancier": "TESTSOFT",
    "startdatumLevering": "2025-01-01",
    "einddatumLevering": "2025-01-31",
    "aanleverdatumEnTijd": "2025-02-01T00:00:00Z",
}
LEVERING = {"teller": 1, "gemeentecode": "0014"}


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ("[]", "de bovenste laag van het bestand is geen JSON-object"),
        ('"Jansen"', "de bovenste laag van het bestand is geen JSON-object"),
        ("   ", "JSON is afgebroken of ongeldig"),
        ('{"naam": "Jansen" x}', "JSON is afgebroken of ongeldig (vóór byte"),
        (json.dumps({**META, "leveringen": [LEVERING]}) + " [", "JSON is afgebroken of ongeldig"),
        (
            {k: v for k, v in META.items() if k != "startdatumLevering"} | {"leveringen": []},
            "$.startdatumLevering ontbreekt",
        ),
        ({"leveringen": [LEVERING]}, "$.codeGegevensleverancier, $.startdatumLevering, "),
        ({**META, "startdatumLevering": 20250101, "leveringen": []}, "is geen tekst"),
        (META, "$.leveringen ontbreekt"),
        ({**META, "leveringen": {"0": LEVERING}}, "$.leveringen is geen lijst"),
        ({**META, "leveringen": []}, "$.leveringen is leeg"),
        ({**META, "leveringen": [LEVERING, "Jansen"]}, "$.leveringen[1] is geen object"),
        ({**META, "leveringen": [{"teller": 1}]}, "$.leveringen[0].gemeentecode ontbreekt"),
        (
            {**META, "leveringen": [{**LEVERING, "vroegsignalen": {"ID": "x"}}]},
            "$.leveringen[0].vroegsignalen is geen lijst",
        ),
        (
            {**META, "leveringen": [{**LEVERING, "vroegsignaalzaken": "x"}]},
            "$.leveringen[0].vroegsignaalzaken is geen lijst",
        ),
    ],
)
def test_structural_problems_are_fatal_with_a_json_path(tmp_path, doc, expected):
    path = write_doc(tmp_path, doc, "fout.json")
    with pytest.raises(EtlError) as caught:
        read_all(path)
    assert str(caught.value).startswith("fout.json: ")
    assert expected in str(caught.value)
    assert "Jansen" not in str(caught.value)


def test_an_integer_too_long_for_python_is_fatal_rather_than_a_crash(tmp_path):
    # ijson's C backend segfaults on integers beyond Python's 4300-digit limit unless numbers
    # are read as floats; with floats the number is a parse error.
    text = json.dumps(minimal_doc(vroegsignalen=[{"ID": "X", "bedrag": 0}])).replace(
        '"bedrag": 0', '"bedrag": ' + "1" * 5000
    )
    with pytest.raises(EtlError, match="getal is te groot"):
        read_all(write_doc(tmp_path, text))


# --- the publisher's examples (../shared) -------------------------------------------------


def shared_example(name: str) -> Path:
    path = V09 / name
    if not path.is_file():
        pytest.skip(f"../shared reference material is absent ({name})")
    return path


def personal_values_of(example: dict) -> set[str]:
    """Client fields other than the address we keep, and the organisation's contact people."""
    keep = {"Postcode", "Huisnummer", "Huisnummertoevoeging", "postcode", "huisnummer"}
    values: set[str] = set()
    for levering in example["leveringen"]:
        for signal in levering.get("vroegsignalen", []):
            values.update(v for k, v in signal["client"].items() if k not in keep)
        organisation = levering.get("aanleverende_organisatie", {})
        for person in organisation.get("contactpersoonen", []):
            values.update(person.values())
    return values


@pytest.mark.shared
def test_publishers_single_example_reads_one_signal_one_case_two_contacts():
    path = shared_example("enkelvoudigVoorbeeld.json")
    (batch,) = read_all(path)
    assert batch.delivery.source_format == "ddas-json-0.9"
    assert batch.delivery.delivery_key == "ddas:SOFT-123:GM0518:2025-01-01:2025-01-31"
    assert batch.signals["signal_id"].tolist() == ["VS-2025-0001"]
    assert batch.signals["bedrag"].tolist() == ["450"]
    assert batch.signals["has_bsn"].tolist() == [True]
    assert batch.signals["reject_reason"].isna().all()
    assert len(batch.cases) == 1 and batch.cases["reject_reason"].isna().all()
    assert batch.cases.loc[0, "startdatum_matchingperiode"] == "2024-12-01"
    assert batch.case_signals["signal_id"].tolist() == ["VS-2025-0001"]
    assert batch.contacts["is_bereikt"].tolist() == [False, True]


@pytest.mark.shared
def test_publishers_multiple_example_reads_two_leveringen_of_two_signals():
    path = shared_example("meervoudigVoorbeeld.json")
    batches = read_all(path)
    assert [len(b.signals) for b in batches] == [2, 2]
    assert [b.delivery.delivery_key.split(":")[2] for b in batches] == ["GM0518", "GM0307"]
    assert [len(b.cases) for b in batches] == [2, 2]
    assert [len(b.case_signals) for b in batches] == [2, 2]
    assert [len(b.contacts) for b in batches] == [3, 3]
    assert pd.concat([b.signals for b in batches])["source_row"].tolist() == [1, 2, 3, 4]
    for batch in batches:
        assert batch.signals["reject_reason"].isna().all()
        assert batch.cases["reject_reason"].isna().all()


@pytest.mark.shared
@pytest.mark.parametrize("name", ["enkelvoudigVoorbeeld.json", "meervoudigVoorbeeld.json"])
def test_no_personal_value_of_the_publishers_examples_leaves_the_reader(name):
    path = shared_example(name)
    personal = personal_values_of(json.loads(path.read_text(encoding="utf-8")))
    assert "Dijk" in personal and "1985-06-15" in personal  # the check has teeth
    assert_no_personal_values(all_strings(read_all(path)), personal)


@pytest.mark.shared
@pytest.mark.parametrize(
    ("fixture", "standard", "valid"),
    [
        ("v09_single.json", V09, True),
        ("multi_levering.json", V09, True),
        ("v12_delivery.json", V12, True),
        ("schema_violations.json", V09, False),
    ],
)
def test_hand_written_fixtures_agree_with_the_publishers_schemas(fixture, standard, valid):
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = standard / "json_schema_Uitwisselmodel.json"
    if not schema_path.is_file():
        pytest.skip("../shared reference material is absent")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    document = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    assert (not errors) is valid


# --- properties ---------------------------------------------------------------------------

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT
)
JUNK = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=5,
)


def maybe(strategy):
    """A plausible value most of the time, junk some of the time."""
    return st.one_of(strategy, strategy, JUNK)


CLIENT = st.fixed_dictionaries(
    {},
    optional={
        key: maybe(TEXT)
        for key in (
            "Burgerservicenummer",
            "burgerservicenummer",
            "Achternaam",
            "Postcode",
            "postcode",
            "Huisnummer",
            "huisnummer",
            "Huisnummertoevoeging",
            "huisnummertoevoeging",
        )
    },
)
SIGNAL = maybe(
    st.fixed_dictionaries(
        {},
        optional={
            "ID": maybe(TEXT),
            "bedrag": maybe(st.integers(-(10**6), 10**6) | st.floats(-1e6, 1e6)),
            "signaaldatum": maybe(TEXT),
            "ontstaansdatum": maybe(TEXT),
            "status": maybe(TEXT),
            "crisissignaal": maybe(st.booleans()),
            "warmeOverdracht": maybe(st.booleans()),
            "signaalpartner": maybe(st.fixed_dictionaries({}, optional={"type": maybe(TEXT)})),
            "client": maybe(CLIENT),
        },
    )
)
CONTACT = maybe(
    st.fixed_dictionaries(
        {},
        optional={
            "soort": maybe(TEXT),
            "bereikt": maybe(st.booleans()),
            "datum": maybe(TEXT),
            "dagdeel": maybe(TEXT),
        },
    )
)
CASE = maybe(
    st.fixed_dictionaries(
        {},
        optional={
            "resultaat": maybe(TEXT),
            "matchingsdatum": maybe(TEXT),
            "startdatum_matchtingperiode": maybe(TEXT),
            "startdatumMatchingperiode": maybe(TEXT),
            "datum_opgepakt": maybe(TEXT),
            "einddatumMatchingperiode": maybe(TEXT),
            "vroegsignalen": maybe(
                st.lists(maybe(st.fixed_dictionaries({}, optional={"ID": maybe(TEXT)})), max_size=3)
            ),
            "contactpogingen": maybe(st.lists(CONTACT, max_size=3)),
        },
    )
)
LEVERING_ST = st.fixed_dictionaries(
    {
        "teller": st.integers(0, 9),
        "gemeentecode": st.sampled_from(["14", "0014", "GM0014", "gm0518", 518]),
    },
    optional={
        "vroegsignalen": st.lists(SIGNAL, max_size=6) | st.none(),
        "vroegsignaalzaken": st.lists(CASE, max_size=4) | st.none(),
        "aanleverende_organisatie": JUNK,
        "aanleverendeOrganisatie": JUNK,
    },
)


@st.composite
def ddas_documents(draw):
    """A structurally sound DDAS document, keys in any order, junk inside signals and cases."""
    items = [(key, draw(TEXT)) for key in ddas_json._META_FIELDS]
    items.append(("leveringen", draw(st.lists(LEVERING_ST, min_size=1, max_size=3))))
    return dict(draw(st.permutations(items)))


def count_items(doc: dict) -> tuple[int, int, int, int]:
    """Signals, cases, case links and contacts as the document holds them."""
    signals = cases = links = contacts = 0
    for levering in doc["leveringen"]:
        signals += len(levering.get("vroegsignalen") or [])
        for zaak in levering.get("vroegsignaalzaken") or []:
            cases += 1
            if isinstance(zaak, dict):
                if isinstance(zaak.get("vroegsignalen"), list):
                    links += len(zaak["vroegsignalen"])
                if isinstance(zaak.get("contactpogingen"), list):
                    contacts += len(zaak["contactpogingen"])
    return signals, cases, links, contacts


def assert_batches_add_up(batches: list[ExtractBatch], doc: dict) -> None:
    signals = pd.concat([b.signals for b in batches])
    cases = pd.concat([b.cases for b in batches])
    counted = (
        len(signals),
        len(cases),
        sum(len(b.case_signals) for b in batches),
        sum(len(b.contacts) for b in batches),
    )
    assert counted == count_items(doc)
    assert signals["source_row"].tolist() == list(range(1, len(signals) + 1))
    assert signals["source_ref"].is_unique and cases["case_ref"].is_unique
    for frame in (signals, cases):
        rejected = frame[frame["reject_reason"].notna()]
        assert rejected["reject_reason"].eq("schema").all()
        assert rejected["reject_detail"].str.startswith("$.").all()
        assert frame["reject_detail"].notna().eq(frame["reject_reason"].notna()).all()
    for batch in batches:
        assert list(batch.cases.columns) == list(CASE_COLUMNS)
        assert list(batch.case_signals.columns) == list(CASE_SIGNAL_COLUMNS)
        assert list(batch.contacts.columns) == list(CONTACT_COLUMNS)


PROPERTY_SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(doc=ddas_documents())
def test_any_sound_document_reads_and_its_counts_add_up(tmp_path_factory, doc):
    path = write_doc(tmp_path_factory.mktemp("ddas"), doc)
    batches = read_all(path)
    assert len(batches) == len(doc["leveringen"])
    assert_batches_add_up(batches, doc)


@PROPERTY_SETTINGS
@given(
    doc=st.one_of(
        JUNK,
        ddas_documents().flatmap(
            lambda d: st.sampled_from(sorted(d)).flatmap(
                lambda key: JUNK.map(lambda junk: {**d, key: junk})
            )
        ),
        ddas_documents().flatmap(
            lambda d: st.lists(JUNK | LEVERING_ST, min_size=1, max_size=3).map(
                lambda leveringen: {**d, "leveringen": leveringen}
            )
        ),
    )
)
def test_any_json_document_reads_or_fails_with_etl_error(tmp_path_factory, doc):
    path = write_doc(tmp_path_factory.mktemp("ddas"), doc)
    try:
        batches = read_all(path)
    except EtlError as exc:
        assert str(exc).startswith("levering.json: ")
        return
    assert_batches_add_up(batches, doc)


@PROPERTY_SETTINGS
@given(doc=ddas_documents(), data=st.data())
def test_a_cut_off_document_always_fails_with_etl_error(tmp_path_factory, doc, data):
    text = json.dumps(doc).encode()
    cut = data.draw(st.integers(1, len(text) - 1))
    path = tmp_path_factory.mktemp("ddas") / "afgebroken.json"
    path.write_bytes(text[:cut])
    with pytest.raises(EtlError, match=r"^afgebroken\.json: "):
        read_all(path)


@PROPERTY_SETTINGS
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes_read_or_fail_with_etl_error(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("ddas") / "bytes.json"
    path.write_bytes(raw)
    with contextlib.suppress(EtlError):
        read_all(path)


@settings(max_examples=200, deadline=None)
@given(signal=SIGNAL, keep_bsn=st.booleans())
def test_quick_and_checking_signal_readers_agree(signal, keep_bsn):
    ref = "$.leveringen[0].vroegsignalen[0]"
    quick = ddas_json._read_signal(signal, ref, keep_bsn)
    checked = ddas_json._check_signal(signal, ref, keep_bsn)
    assert quick == checked


@settings(max_examples=200, deadline=None)
@given(zaak=CASE)
def test_quick_and_checking_case_readers_agree(zaak):
    ref = "$.leveringen[0].vroegsignaalzaken[0]"
    quick_links: list = []
    quick_contacts: list = []
    checked_links: list = []
    checked_contacts: list = []
    quick = ddas_json._read_case(zaak, ref, quick_links, quick_contacts)
    checked = ddas_json._check_case(zaak, ref, checked_links, checked_contacts)
    assert (quick, quick_links, quick_contacts) == (checked, checked_links, checked_contacts)
