"""Write the demo's synthetic data in the formats municipalities actually deliver.

DDAS JSON (v0.9 with full client data, v1.2 with postcode/huisnummer or BSN only), a
semicolon-separated Windows-1252 CSV export with Dutch dates and amounts, and an XLSX export
with a title row and an extra sheet. A few dirty rows per file make the quarantine visible.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

SUPPLIER = "DEMO-WIJKSIGNAAL"
GEMEENTECODE = "0014"

#: How the older municipal system names partners in its exports.
EXPORT_PARTNER_NAMES = {
    "Zorg": "Zorgverzekeraar", "CAK Zorgverzekeringen": "CAK", "Huur": "Woningcorporatie",
    "Energie": "Energieleverancier", "Water": "Drinkwaterbedrijf", "Hypotheek": "Hypotheek",
    "Overige": "Overig",
}


def _iso(value: pd.Timestamp) -> str:
    return value.strftime("%Y-%m-%d")


def _organisation(version: str) -> tuple[str, dict]:
    people_key = "contactpersoonen" if version == "0.9" else "contactpersonen"
    org = {
        "naam": "Gemeente Groningen (demo)",
        "kvk-nummer": "00000000",
        people_key: [{"naam": "Demo Beheerder", "telefoonnummer": "050-0000000",
                      "email": "demo@example.invalid", "functietitel": "Data steward (demo)"}],
    }
    return ("aanleverende_organisatie" if version == "0.9" else "aanleverendeOrganisatie"), org


def _client(row: dict, version: str, bsn_only: bool) -> dict:
    if version == "0.9":
        client = {
            "Burgerservicenummer": row["bsn"], "Voorletters": row["voorletters"],
            "Achternaam": row["achternaam"], "Geboortedatum": row["geboortedatum"],
            "Straatnaam": row["straat"], "Postcode": row["pc6"],
            "Huisnummer": str(row["huisnummer"]), "Plaatsnaam": row["plaats"],
        }
        return client
    if bsn_only:
        return {"burgerservicenummer": row["bsn"]}
    return {"postcode": row["pc6"], "huisnummer": str(row["huisnummer"]),
            "geboortedatum": row["geboortedatum"], "geslachtsaanduiding": "Onbekend"}


def _signal(row: dict, version: str, bsn_only: bool) -> dict:
    return {
        "ID": row["signal_id"],
        "crisissignaal": bool(row["is_crisis"]),
        "warmeOverdracht": bool(row["is_warme_overdracht"]),
        "bedrag": int(row["bedrag"]),
        "ontstaansdatum": _iso(row["ontstaansdatum"]),
        "signaaldatum": _iso(row["signaaldatum"]),
        "status": row["status"],
        "signaalpartner": {"type": row["partner"]},
        "client": _client(row, version, bsn_only),
    }


def _case(case: dict, contacts: list[dict], version: str) -> dict:
    snake = version == "0.9"
    out: dict = {}
    if isinstance(case["resultaat"], str):
        out["resultaat"] = case["resultaat"]
    out["matchingsdatum"] = _iso(case["matchingsdatum"])
    out["startdatum_matchtingperiode" if snake else "startdatumMatchingperiode"] = _iso(
        case["month"] - pd.DateOffset(months=1))
    out["datum_opgepakt" if snake else "datumOpgepakt"] = _iso(case["datum_opgepakt"])
    out["einddatum_matchingperiode" if snake else "einddatumMatchingperiode"] = _iso(
        case["month"] + pd.offsets.MonthEnd(0))
    out["vroegsignalen"] = [{"ID": s} for s in case["signal_ids"]]
    out["contactpogingen"] = [
        {"soort": c["soort"], "bereikt": bool(c["bereikt"]), "datum": _iso(c["datum"]),
         "dagdeel": c["dagdeel"]}
        for c in contacts
    ]
    return out


def write_ddas_json(
    path: Path,
    month: pd.Timestamp,
    signals: pd.DataFrame,
    cases: pd.DataFrame,
    contacts: pd.DataFrame,
    *,
    version: str,
    dirty: list[dict] | None = None,
    rng: np.random.Generator | None = None,
) -> Path:
    """Write one month as a DDAS delivery (one levering for gemeente 0014).

    Parameters
    ----------
    path
        Output file.
    month
        First day of the delivery period.
    signals, cases, contacts
        The month's events (see :mod:`etl.demo.signal_events`).
    version
        ``"0.9"`` or ``"1.2"``.
    dirty
        Extra raw signal objects appended as-is (to show the quarantine).
    rng
        For v1.2: chooses the ~1 % of clients identified by BSN only.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    bsn_only = (rng.random(len(signals)) < 0.01) if (rng is not None and version == "1.2") \
        else np.zeros(len(signals), dtype=bool)
    by_case: dict[int, list[dict]] = {}
    for contact in contacts.to_dict("records"):
        by_case.setdefault(contact["case_index"], []).append(contact)
    org_key, org = _organisation(version)
    levering = {
        "teller": 1,
        "gemeentecode": GEMEENTECODE,
        org_key: org,
        "vroegsignalen": [_signal(row, version, only) for row, only in
                          zip(signals.to_dict("records"), bsn_only, strict=True)]
        + (dirty or []),
        "vroegsignaalzaken": [
            _case(case, by_case.get(case["case_index"], []), version)
            for case in cases.to_dict("records")
        ],
    }
    end = month + pd.offsets.MonthEnd(0)
    doc = {
        "codeGegevensleverancier": SUPPLIER,
        "startdatumLevering": _iso(month),
        "einddatumLevering": _iso(end),
        "aanleverdatumEnTijd": (end + pd.Timedelta(days=5)).strftime("%Y-%m-%dT09:00:00Z"),
        "leveringen": [levering],
    }
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False),
                    encoding="utf-8")
    return path


def _dutch_amount(value: float) -> str:
    whole = f"{value:,.2f}"
    return whole.replace(",", "X").replace(".", ",").replace("X", ".")


def export_rows(signals: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The columns an older municipal system exports, personal columns included."""
    coords = rng.random(len(signals)) < 0.01
    frame = pd.DataFrame(
        {
            "Signaal ID": signals["signal_id"],
            "Datum signaal": signals["signaaldatum"].dt.strftime("%d-%m-%Y"),
            "Soort achterstand": signals["partner"].map(EXPORT_PARTNER_NAMES),
            "Postcode": signals["pc6"].str.slice(0, 4) + " " + signals["pc6"].str.slice(4),
            "Huisnummer": signals["huisnummer"].astype(str),
            "Toevoeging": "",
            "Achterstand": [_dutch_amount(v) for v in signals["bedrag"]],
            "Status": signals["status"],
            "Naam": signals["voorletters"] + " " + signals["achternaam"],
            "Geboortedatum": pd.to_datetime(signals["geboortedatum"]).dt.strftime("%d-%m-%Y"),
            "Straat": signals["straat"],
            "X": "",
            "Y": "",
        }
    )
    # A few rows come with coordinates instead of an address (a field visit registration).
    frame.loc[coords, ["Postcode", "Huisnummer"]] = ""
    frame.loc[coords, "X"] = signals.loc[coords, "x_rd"].round(1).astype(str).str.replace(
        ".", ",", regex=False)
    frame.loc[coords, "Y"] = signals.loc[coords, "y_rd"].round(1).astype(str).str.replace(
        ".", ",", regex=False)
    return frame


def write_csv_export(path: Path, rows: pd.DataFrame, broken_line: str | None = None) -> Path:
    """Semicolon CSV in Windows-1252, as Excel on a municipal desktop saves it."""
    text = rows.to_csv(sep=";", index=False, lineterminator="\r\n")
    if broken_line:
        text += broken_line + "\r\n"
    path.write_bytes(text.encode("cp1252", errors="replace"))
    return path


def write_xlsx_export(path: Path, rows: pd.DataFrame, title: str) -> Path:
    """XLSX with a merged title row above the header and an explanation sheet; dates and
    amounts are real date and number cells, as in a spreadsheet a person keeps."""
    rows = rows.copy()
    rows["Datum signaal"] = pd.to_datetime(rows["Datum signaal"], format="%d-%m-%Y",
                                           errors="coerce").dt.date
    rows["Achterstand"] = pd.to_numeric(
        rows["Achterstand"].str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
        errors="coerce")
    rows = rows.astype(object).where(rows.notna(), None)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Signalen"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows.columns))
    sheet.append(list(rows.columns))
    for record in rows.itertuples(index=False):
        sheet.append(list(record))
    notes = book.create_sheet("Toelichting")
    notes.append(["Synthetische demo-export van Wijksignaal; geen echte personen."])
    book.save(path)
    return path
