"""Tests for mapping partner names onto the DDAS enumeration, and for the enumerations the
ETL keeps against the DDAS JSON schemas in ../shared (skipped when absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from etl.transform.partner_types import DDAS_PARTNER_TYPES, map_partner_types
from etl.transform.prepare_cases import RESULT_CATEGORIES
from etl.transform.validate import SIGNAL_STATUSES

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def mapped(*names: str | None) -> list:
    return map_partner_types(pd.Series(list(names), dtype="string")).tolist()


def test_map_partner_types_maps_every_ddas_value_onto_itself():
    assert mapped(*DDAS_PARTNER_TYPES) == list(DDAS_PARTNER_TYPES)


def test_map_partner_types_recognises_ddas_values_in_any_case():
    assert mapped(*(t.upper() for t in DDAS_PARTNER_TYPES)) == list(DDAS_PARTNER_TYPES)
    assert mapped(*(t.lower() for t in DDAS_PARTNER_TYPES)) == list(DDAS_PARTNER_TYPES)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("woningcorporatie", "Huur"),
        ("verhuurder", "Huur"),
        ("Lefier", "Huur"),
        ("zorgverzekeraar", "Zorg"),
        ("Menzis", "Zorg"),
        ("energieleverancier", "Energie"),
        ("drinkwaterbedrijf", "Water"),
        ("Waterbedrijf Groningen", "Water"),
        ("CAK", "CAK Zorgverzekeringen"),
        ("toeslagen", "Dienst Toeslagen"),
        ("anders", "Overige"),
    ],
)
def test_map_partner_types_maps_municipal_aliases(name, expected):
    assert mapped(name) == [expected]


@pytest.mark.parametrize(
    "name",
    ["  Energie ", "ENERGIE", "cak_zorgverzekeringen", "CAK-Zorgverzekeringen",
     "cak  zorgverzekeringen", "dienst_toeslagen", "cak/eigen bijdrage", "Zilveren__Kruis"],
)
def test_map_partner_types_ignores_case_spaces_hyphens_and_underscores(name):
    assert mapped(name)[0] in DDAS_PARTNER_TYPES


@pytest.mark.parametrize("name", ["bakker", "schuldeiser", "", "   ", None, "huur!"])
def test_map_partner_types_leaves_unknown_names_missing(name):
    assert pd.isna(mapped(name)[0])


def test_map_partner_types_keeps_a_non_default_index_and_string_dtype():
    raw = pd.Series(["water", "onbekend"], index=[8, 2])
    out = map_partner_types(raw)
    assert list(out.index) == [8, 2]
    assert out.dtype == "string"
    assert out[8] == "Water"


# --- the DDAS schemas ----------------------------------------------------------------------


def schema_enum(name: str) -> list[set[str]]:
    """The values of one enumeration in every DDAS schema version in ../shared."""
    paths = sorted((SHARED / "standards").glob("*/json_schema_Uitwisselmodel.json"))
    if not paths:
        pytest.skip("../shared/standards with the DDAS JSON schemas is not present")
    found = []
    for path in paths:
        schema = json.loads(path.read_text(encoding="utf-8"))
        definitions = schema.get("definitions") or schema.get("$defs") or {}
        found.append(set(definitions[name]["enum"]))
    return found


@pytest.mark.shared
def test_ddas_partner_types_equal_the_enumeration_of_every_ddas_schema():
    for values in schema_enum("EnumSignaalpartner"):
        assert set(DDAS_PARTNER_TYPES) == values
    assert len(DDAS_PARTNER_TYPES) == len(set(DDAS_PARTNER_TYPES))


@pytest.mark.shared
def test_signal_statuses_equal_the_union_of_the_ddas_status_enumerations():
    assert set(SIGNAL_STATUSES) == set().union(*schema_enum("EnumSignaalstatus"))
    assert len(SIGNAL_STATUSES) == len(set(SIGNAL_STATUSES))


@pytest.mark.shared
def test_result_categories_cover_exactly_the_union_of_the_ddas_result_enumerations():
    assert set(RESULT_CATEGORIES) == set().union(*schema_enum("EnumEindresultaat"))
