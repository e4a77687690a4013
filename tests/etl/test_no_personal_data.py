"""After loading deliveries full of BSNs, names, birth dates and addresses, none of them is
anywhere: not in the warehouse, the published file, the quarantine, the report or the logs.

The demo's deliveries carry exactly such data (fake people, real formats), so they are
loaded here through the command line with debug logging, and every personal value found in
the input files is searched for in everything the run left behind.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]


def _personal_values(folder: Path) -> dict[str, set[str]]:
    """BSNs, names, streets, birth dates and full addresses in the delivery files."""
    found: dict[str, set[str]] = {"bsn": set(), "name": set(), "street": set(),
                                  "birth": set(), "address": set()}

    def address(pc6: object, number: object) -> None:
        pc6 = str(pc6 or "").replace(" ", "").upper()
        if re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", pc6) and number:
            for sep in ("", " ", "|", ";", ",", "-"):
                found["address"].add(f"{pc6}{sep}{str(number).strip()}")

    for path in sorted(folder.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for levering in doc["leveringen"]:
            for signal in levering["vroegsignalen"]:
                client = {k.lower(): v for k, v in signal.get("client", {}).items()}
                if client.get("burgerservicenummer"):
                    found["bsn"].add(client["burgerservicenummer"])
                if client.get("achternaam"):
                    found["name"].add(client["achternaam"])
                    found["name"].add(f"{client.get('voorletters', '')} {client['achternaam']}")
                if client.get("straatnaam"):
                    found["street"].add(client["straatnaam"])
                if client.get("geboortedatum"):
                    found["birth"].add(client["geboortedatum"])
                address(client.get("postcode"), client.get("huisnummer"))
    frames = [pd.read_csv(p, sep=";", dtype=str, encoding="cp1252", on_bad_lines="skip")
              for p in sorted(folder.glob("*_export*.csv"))]
    for path in sorted(folder.glob("*.xlsx")):
        rows = list(openpyxl.load_workbook(path, read_only=True)["Signalen"].values)
        frames.append(pd.DataFrame(rows[2:], columns=rows[1]).astype(str))
    for frame in frames:
        found["name"].update(frame["Naam"].dropna())
        found["street"].update(frame["Straat"].dropna())
        found["birth"].update(frame["Geboortedatum"].dropna())
        for pc6, number in zip(frame["Postcode"], frame["Huisnummer"], strict=True):
            if isinstance(pc6, str) and isinstance(number, str) and pc6.strip():
                address(pc6, number)
    for birth in list(found["birth"]):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", birth):
            y, m, d = birth.split("-")
            found["birth"].add(f"{d}-{m}-{y}")
    found["name"] = {n for n in found["name"] if "Demo" not in n and len(n) > 3}
    return found


_TOKENS = {
    # nine digits not inside a hex hash (digests hold digits and a-f)
    "bsn": re.compile(r"(?<![0-9a-fA-F])\d{9}(?![0-9a-fA-F])"),
    "birth": re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4}"),
    "address": re.compile(r"[1-9]\d{3} ?[A-Z]{2}[ |;,-]?\d{1,5}(?!\d)"),
}


def find_personal_values(values: dict[str, set[str]], text: str) -> list[tuple[str, str]]:
    """Personal values that occur in ``text``: tokens are extracted once and compared as
    sets (BSNs, dates, addresses); names and streets by one combined word-bounded search."""
    hits = []
    for kind, pattern in _TOKENS.items():
        tokens = set(pattern.findall(text))
        hits += [(kind, t) for t in tokens & values[kind]]
    words = sorted(values["name"] | values["street"], key=len, reverse=True)
    if words:
        combined = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
        hits += [("name/street", m) for m in set(combined.findall(text))]
    return hits


def _database_text(path: Path) -> str:
    """Every text value of every table and view, one per line."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        lines = []
        tables = con.execute("select table_schema, table_name from information_schema.tables "
                             "where table_schema not in ('information_schema', 'pg_catalog')"
                             ).fetchall()
        for schema, table in tables:
            columns = con.execute(
                "select column_name from information_schema.columns where table_schema = ? "
                "and table_name = ? and data_type = 'VARCHAR'", [schema, table]).fetchall()
            for (column,) in columns:
                lines += [str(v) for (v,) in con.execute(
                    f'select distinct "{column}" from "{schema}"."{table}" '
                    f'where "{column}" is not null').fetchall()]
        return "\n".join(lines)
    finally:
        con.close()


@pytest.fixture(scope="module")
def leftovers(demo_build, tmp_path_factory):
    """Load the demo deliveries with debug logging; return everything the run left."""
    work = tmp_path_factory.mktemp("privacy")
    warehouse, published, report = work / "w.duckdb", work / "p.duckdb", work / "report.json"
    inputs = demo_build.work_dir
    files = sorted(p for p in inputs.iterdir()
                   if p.name.startswith("demo_20") and "kwb" not in p.name)
    env = {**os.environ, "WIJKSIGNAAL_HOUSEHOLD_KEY": "p" * 40,
           "WIJKSIGNAAL_LOG_LEVEL": "DEBUG"}
    run = subprocess.run(
        [sys.executable, "-m", "etl", "signals", *map(str, files), "--lookup",
         str(next(inputs.glob("demo_pc6hnr*.csv"))), "--boundaries",
         str(REPO / "geodata" / "buurten_2022.geojson"), "--warehouse", str(warehouse),
         "--published", str(published), "--report", str(report)],
        cwd=REPO, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    texts = {
        "warehouse": _database_text(warehouse),
        "published": _database_text(published),
        "logs": run.stdout + run.stderr,
        "report": report.read_text(encoding="utf-8"),
    }
    for path in work.iterdir():  # the raw files too, including a write-ahead log
        if path.is_file() and path.suffix in (".duckdb", ".wal"):
            texts[f"bytes of {path.name}"] = path.read_bytes().decode("latin-1")
    return _personal_values(inputs), texts


def test_the_search_finds_personal_values_when_they_are_there(leftovers):
    values, _ = leftovers
    bsn, address = sorted(values["bsn"])[0], sorted(values["address"])[0]
    street = sorted(values["street"])[0]
    text = f"x {bsn} y|{address}|z {street}."
    kinds = {kind for kind, _ in find_personal_values(values, text)}
    assert kinds == {"bsn", "address", "name/street"}
    assert find_personal_values(values, "abcdef" + bsn + "0a") == []


def test_the_input_really_holds_personal_data(leftovers):
    values, _ = leftovers
    assert len(values["bsn"]) > 1000
    assert len(values["name"]) > 100
    assert len(values["address"]) > 1000
    assert values["street"] and values["birth"]


@pytest.mark.parametrize("place", ["warehouse", "published", "logs", "report"])
def test_no_personal_value_reaches_the_warehouse_published_file_logs_or_report(leftovers,
                                                                                place):
    values, texts = leftovers
    hits = find_personal_values(values, texts[place])
    assert hits == [], f"personal data in the {place}: {hits[:5]}"


def test_no_personal_value_is_in_the_raw_database_files(leftovers):
    values, texts = leftovers
    raw = {k: v for k, v in texts.items() if k.startswith("bytes of")}
    assert raw
    for place, text in raw.items():
        hits = find_personal_values(values, text)
        assert hits == [], f"personal data in the {place}: {hits[:3]}"


def test_quarantined_rows_keep_only_file_row_and_reason(leftovers):
    _, texts = leftovers
    assert "geen adres" in texts["warehouse"]
    assert "ongeldige regel" in texts["warehouse"]
