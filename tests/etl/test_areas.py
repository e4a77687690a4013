"""Behaviour of custom area files: the reader, the checks that they add up, the shipped NPLV
file, and the ``python -m etl areas`` command as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from etl.cli import main
from etl.errors import EtlError
from etl.extract.area_file import AREA_COLUMNS, read_area_file
from etl.extract.cbs_boundaries import read_boundaries
from etl.transform.areas import check_areas

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "areas"
NPLV = REPO / "geodata" / "areas" / "nplv_groningen_noord.csv"
NAMED_NEIGHBOURHOODS = {"Vinkhuizen", "Paddepoel", "Selwerd", "De Hoogte", "Indische Buurt",
                        "Oosterparkwijk", "Beijum", "Lewenborg"}


@pytest.fixture(scope="module")
def known_buurten() -> set[str]:
    return set(read_boundaries(REPO / "geodata" / "buurten_2022.geojson", "buurt")["area_code"])


@pytest.fixture(scope="module")
def nplv() -> pd.DataFrame:
    return read_area_file(NPLV)


def buurten_of(areas: pd.DataFrame, area_code: str) -> set[str]:
    return set(areas.loc[areas["area_code"] == area_code, "buurt_code"])


def areas_frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(AREA_COLUMNS[:4]), dtype="string")
    return frame.assign(source="test")


def run_etl(*args: str | Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKSIGNAAL_")}
    return subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


# -- reader -------------------------------------------------------------------------------

def test_csv_area_file_gives_one_row_per_buurt_with_normalised_codes():
    areas = read_area_file(FIXTURES / "wijkteams.csv")

    assert list(areas.columns) == list(AREA_COLUMNS)
    assert len(areas) == 4
    assert buurten_of(areas, "wijkteam-centrum") == {"BU00140000", "BU00140001", "BU00140002"}
    assert set(areas["division"]) == {"wijkteam"}
    assert set(areas["source"]) == {"voorbeeld"}


def test_yaml_area_file_gives_the_same_rows_as_its_csv_twin():
    from_yaml = read_area_file(FIXTURES / "wijkteams.yaml")
    from_csv = read_area_file(FIXTURES / "wijkteams.csv")

    key = ["area_code", "buurt_code"]
    pd.testing.assert_frame_equal(from_yaml.sort_values(key).reset_index(drop=True),
                                  from_csv.sort_values(key).reset_index(drop=True))


def test_csv_without_source_column_takes_the_file_name_and_any_delimiter(tmp_path):
    path = tmp_path / "eigen_indeling.csv"
    path.write_text("Division;Area_code;Area_name;Buurt_code\n"
                    "wijkteam;wijkteam-centrum;Centrum;BU00140000\n", encoding="utf-8-sig")

    areas = read_area_file(path)

    assert areas.iloc[0].to_dict() == {"division": "wijkteam", "area_code": "wijkteam-centrum",
                                       "area_name": "Centrum", "buurt_code": "BU00140000",
                                       "source": "eigen_indeling.csv"}


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("indeling.txt", "division,area_code\n", "onbekend formaat"),
    ("leeg.csv", "", "geen leesbaar CSV"),
    ("kop.csv", "division,area_code,area_name,buurt_code\n", "geen gebieden"),
    ("kolom.csv", "division,area_code,buurt_code\nw,a,BU00140000\n", "area_name"),
    ("leeg_veld.csv", "division,area_code,area_name,buurt_code\nw,a,A,BU00140000\nw,a,A,\n",
     "zonder division, area_code, area_name of buurt_code"),
    ("lijst.yaml", "- BU00140000\n", "verwacht 'division'"),
    ("geen_indeling.yaml", "areas:\n  - {code: a, name: A, buurten: [BU00140000]}\n",
     "'division' ontbreekt"),
    ("geen_naam.yaml", "division: w\nareas:\n  - {code: a, buurten: [BU00140000]}\n",
     r"areas\[0\] mist"),
    ("geen_lijst.yaml", "division: w\nareas:\n  - {code: a, name: A, buurten: BU00140000}\n",
     "geen lijst"),
    ("kapot.yaml", "division: [w\n", "geen geldige YAML"),
], ids=["txt", "empty", "header-only", "missing-column", "empty-buurt-code", "yaml-list",
        "yaml-no-division", "yaml-no-name", "yaml-buurten-not-a-list", "yaml-broken"])
def test_unusable_area_files_raise_an_etl_error_naming_the_file(tmp_path, name, content,
                                                                problem):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")

    with pytest.raises(EtlError, match=problem) as raised:
        read_area_file(path)

    assert str(raised.value).startswith(f"{name}: ")


def test_a_missing_area_file_raises_an_etl_error_naming_the_file(tmp_path):
    with pytest.raises(EtlError, match=r"^weg\.csv: bestand bestaat niet"):
        read_area_file(tmp_path / "weg.csv")


# -- checks -------------------------------------------------------------------------------

def test_a_good_file_has_no_problems(known_buurten):
    problems = check_areas(read_area_file(FIXTURES / "wijkteams.csv"), known_buurten)

    assert problems.ok
    assert problems.describe() == ""


def test_unknown_buurt_codes_are_listed(known_buurten):
    problems = check_areas(read_area_file(FIXTURES / "onbekende_code.csv"), known_buurten)

    assert not problems.ok
    assert problems.unknown_codes == ["BU00149999"]
    assert "1 onbekende buurtcode(s): BU00149999" in problems.describe()


def test_unknown_codes_are_not_checked_without_known_buurten():
    problems = check_areas(read_area_file(FIXTURES / "onbekende_code.csv"), set())

    assert problems.ok


def test_a_buurt_in_two_areas_of_one_division_is_an_overlap(known_buurten):
    problems = check_areas(read_area_file(FIXTURES / "dubbele_buurt.csv"), known_buurten)

    assert problems.overlaps == ["BU00140000 (wijkteam)"]
    assert "meer dan één gebied van dezelfde indeling" in problems.describe()


def test_a_buurt_in_areas_of_two_divisions_is_no_overlap():
    areas = areas_frame([("wijkteam", "team-a", "A", "BU00140000"),
                         ("gebiedsteam", "gebied-a", "A", "BU00140000")])

    assert check_areas(areas, {"BU00140000"}).ok


def test_a_reserved_division_name_is_refused(known_buurten):
    problems = check_areas(read_area_file(FIXTURES / "gereserveerde_indeling.csv"),
                           known_buurten)

    assert problems.other == ["indelingsnaam gereserveerd: wijk"]


@pytest.mark.parametrize("code", ["WK001499", "BU00149999", "GM0014"])
def test_area_codes_that_look_like_cbs_codes_are_refused(code):
    areas = areas_frame([("wijkteam", code, "Eigen gebied", "BU00140000")])

    problems = check_areas(areas, {"BU00140000"})

    assert any("CBS-code" in line for line in problems.other)


def test_an_area_code_with_two_names_or_in_two_divisions_is_refused():
    areas = areas_frame([("wijkteam", "team-a", "A", "BU00140000"),
                         ("wijkteam", "team-a", "Andere naam", "BU00140001"),
                         ("gebiedsteam", "team-a", "A", "BU00140002")])

    problems = check_areas(areas, set())

    assert any("verschillende namen: team-a" in line for line in problems.other)
    assert any("meer dan één indeling: team-a" in line for line in problems.other)


# -- the shipped NPLV file ----------------------------------------------------------------

def test_shipped_nplv_file_passes_every_check(nplv, known_buurten):
    assert len(known_buurten) == 150
    assert check_areas(nplv, known_buurten).ok


def test_shipped_nplv_noord_holds_17_buurten(nplv):
    assert len(buurten_of(nplv, "nplv-noord")) == 17
    assert (nplv["area_code"] == "nplv-noord").sum() == 17


def test_shipped_nplv_noord_and_rest_add_up_to_all_150_buurten_without_overlap(nplv,
                                                                               known_buurten):
    noord = buurten_of(nplv, "nplv-noord")
    rest = buurten_of(nplv, "nplv-rest")

    assert not noord & rest
    assert noord | rest == known_buurten
    assert set(nplv.loc[nplv["division"] == "nplv", "area_code"]) == {"nplv-noord",
                                                                      "nplv-rest"}


def test_shipped_nplv_wijken_are_the_eight_named_neighbourhoods_making_up_noord(nplv):
    wijken = nplv[nplv["division"] == "nplv_wijken"]

    assert set(wijken["area_name"]) == NAMED_NEIGHBOURHOODS
    assert wijken["area_code"].nunique() == 8
    assert set(wijken["buurt_code"]) == buurten_of(nplv, "nplv-noord")
    assert buurten_of(nplv, "nplv-oosterparkwijk") == {f"BU0014040{i}" for i in range(5)}


@pytest.mark.parametrize("name", ["De Wijert", "Tuinwijk", "Professorenbuurt"])
def test_shipped_nplv_noord_leaves_out_neighbourhoods_outside_groningen_noord(nplv,
                                                                              known_buurten,
                                                                              name):
    buurten = read_boundaries(REPO / "geodata" / "buurten_2022.geojson", "buurt")
    codes = set(buurten.loc[buurten["area_name"].str.startswith(name), "area_code"])

    assert codes
    assert not codes & buurten_of(nplv, "nplv-noord")
    assert codes <= buurten_of(nplv, "nplv-rest")


# -- the command line ---------------------------------------------------------------------
# Two runs as a user starts them (a subprocess); the variants call the same main() in-process.

def test_areas_command_accepts_the_nplv_file_with_an_in_orde_line():
    result = run_etl("areas", NPLV)

    assert result.returncode == 0, result.stderr
    assert "→ in orde: 2 indeling(en), 10 gebieden, 167 buurtkoppelingen" in result.stdout
    assert "Traceback" not in result.stderr


def test_areas_command_refuses_a_bad_file_with_one_clear_line_and_no_traceback():
    result = run_etl("areas", FIXTURES / "onbekende_code.csv")

    assert result.returncode == 1
    assert result.stderr.strip() == "fout: onbekende_code.csv: 1 onbekende buurtcode(s): " \
        "BU00149999"
    assert "in orde" not in result.stdout


def run_main(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main(["areas", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("name", ["wijkteams.csv", "wijkteams.yaml"])
def test_areas_main_accepts_csv_and_yaml_files(capsys, name):
    code, out, err = run_main(capsys, FIXTURES / name)

    assert code == 0, err
    assert "in orde: 1 indeling(en), 2 gebieden, 4 buurtkoppelingen" in out


@pytest.mark.parametrize(("name", "problem"), [
    ("dubbele_buurt.csv", "BU00140000 (wijkteam)"),
    ("gereserveerde_indeling.csv", "indelingsnaam gereserveerd: wijk"),
    ("cbs_achtige_code.yaml", "CBS-code"),
    ("bestaat_niet.csv", "bestand bestaat niet"),
])
def test_areas_main_refuses_a_bad_file_with_one_line_naming_it(capsys, name, problem):
    code, out, err = run_main(capsys, FIXTURES / name)

    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"fout: {name}: ")
    assert problem in lines[0]
    assert "in orde" not in out


@pytest.mark.parametrize(("content", "problem"), [
    ("division,area_code,area_name,buurt_code\n"
     "wijkteam,team-a,A,BU00140000\nwijkteam,team-a,A,\n",
     "1 rij(en) zonder division, area_code, area_name of buurt_code"),
    ("", "geen leesbaar CSV-gebiedenbestand"),
], ids=["empty-buurt-code", "empty-file"])
def test_areas_main_refuses_incomplete_files_as_bad_input_not_as_a_crash(capsys, tmp_path,
                                                                          content, problem):
    path = tmp_path / "onvolledig.csv"
    path.write_text(content, encoding="utf-8")

    code, _, err = run_main(capsys, path)

    assert code == 1
    assert err.startswith(f"fout: onvolledig.csv: {problem}")
    assert len(err.strip().splitlines()) == 1


def test_areas_main_checks_files_against_each_other(capsys, tmp_path):
    other = tmp_path / "ander_team.csv"
    other.write_text("division,area_code,area_name,buurt_code\n"
                     "wijkteam,team-noord,Noord,BU00140000\n", encoding="utf-8")

    code, _, err = run_main(capsys, FIXTURES / "wijkteams.csv", other)

    assert code == 1
    assert "spreken elkaar tegen" in err
    assert "BU00140000 (wijkteam)" in err
