"""Behaviour of the XLSX export reader: sheet and header finding, cell types, privacy."""

from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from etl.errors import EtlError
from etl.extract.batch import SIGNAL_COLUMNS
from etl.extract.signal_xlsx import read_signal_xlsx

HEADER = ["Signaal ID", "Signaaldatum", "Signaalpartner", "Naam", "Postcode", "Huisnummer"]
ROWS = [
    ["S-1", "31-01-2024", "energie", "Jan Jansen", "9711AB", "12"],
    ["S-2", "01-02-2024", "water", "Piet Smit", "9712CD", "7"],
    ["S-3", "02-02-2024", "huur", "Klaas de Vries", "9713EF", "3"],
    ["S-4", "03-02-2024", "zorg", "Fatima El Amrani", "9714GH", "4"],
    ["S-5", "04-02-2024", "energie", "Anna Bakker", "9715JK", "5"],
]


def save(workbook: Workbook, tmp_path: Path, name: str = "export.xlsx") -> Path:
    path = tmp_path / name
    workbook.save(path)
    return path


def read_frame(path: Path, **kwargs: object) -> pd.DataFrame:
    return pd.concat([b.signals for b in read_signal_xlsx(path, **kwargs)], ignore_index=True)


@pytest.fixture
def plain_export(tmp_path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Signalen"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    return save(workbook, tmp_path)


def test_read_signal_xlsx_reads_plain_sheet_into_contract_frame(plain_export):
    batches = list(read_signal_xlsx(plain_export))

    assert len(batches) == 1
    delivery = batches[0].delivery
    assert (delivery.source_file, delivery.source_format) == ("export.xlsx", "xlsx")
    assert delivery.delivery_key == "export:export"
    assert delivery.file_sha256 == hashlib.sha256(plain_export.read_bytes()).hexdigest()
    frame = batches[0].signals
    assert tuple(frame.columns) == SIGNAL_COLUMNS
    assert frame["signal_id"].tolist() == ["S-1", "S-2", "S-3", "S-4", "S-5"]
    assert frame["signaaldatum"].tolist()[0] == "31-01-2024"
    assert frame["source_row"].tolist() == [2, 3, 4, 5, 6]
    assert frame["source_ref"].tolist()[0] == "blad 'Signalen' rij 2"
    assert frame["reject_reason"].isna().all()


def test_read_signal_xlsx_never_copies_personal_columns(plain_export, caplog):
    with caplog.at_level(logging.DEBUG):
        frame = read_frame(plain_export)

    cells = [str(v) for col in frame.columns for v in frame[col].tolist() if not pd.isna(v)]
    for row in ROWS:
        assert not any(row[3] in cell for cell in cells)
        assert row[3] not in caplog.text
    assert "Naam" in caplog.text


def test_read_signal_xlsx_cuts_chunks_in_order_sharing_one_delivery(plain_export):
    batches = list(read_signal_xlsx(plain_export, chunk_rows=2))

    assert [len(b.signals) for b in batches] == [2, 2, 1]
    assert all(b.delivery is batches[0].delivery for b in batches)
    assert [i for b in batches for i in b.signals["signal_id"]] == [r[0] for r in ROWS]


def test_read_signal_xlsx_ignores_explanation_and_empty_sheets(tmp_path):
    workbook = Workbook()
    notes = workbook.active
    notes.title = "Toelichting"
    notes.append(["Dit bestand bevat de vroegsignalen van januari."])
    notes.append(["Kolom", "Betekenis"])
    notes.append(["Signaaldatum", "datum waarop het signaal binnenkwam"])
    workbook.create_sheet("Leeg")
    data = workbook.create_sheet("Signalen")
    data.append(HEADER)
    data.append(ROWS[0])

    frame = read_frame(save(workbook, tmp_path))

    assert frame["signal_id"].tolist() == ["S-1"]
    assert frame["source_ref"].tolist() == ["blad 'Signalen' rij 2"]


def test_read_signal_xlsx_skips_merged_title_row_above_header(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Januari"
    sheet["A1"] = "Vroegsignalen januari 2024"
    sheet.merge_cells("A1:F1")
    sheet.append(HEADER)
    sheet.append(ROWS[0])
    sheet.append([])
    sheet.append(ROWS[1])

    frame = read_frame(save(workbook, tmp_path))

    assert frame["signal_id"].tolist() == ["S-1", "S-2"]
    assert frame["source_row"].tolist() == [3, 5]


def test_read_signal_xlsx_reads_two_row_header_under_merged_group_cell(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Signaaldatum", "Signaalpartner", "Adres", None])
    sheet.merge_cells("C1:D1")
    sheet.append([None, None, "Postcode", "Huisnummer"])
    sheet.append(["2024-01-31", "energie", "9711AB", 12])

    frame = read_frame(save(workbook, tmp_path))

    assert frame["postcode"].tolist() == ["9711AB"]
    assert frame["huisnummer"].tolist() == ["12"]
    assert frame["source_row"].tolist() == [3]


def test_read_signal_xlsx_writes_date_and_number_cells_as_plain_text(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    header = ["Datum signaal", "Partner", "Postcode", "Huisnr", "Bedrag", "Ontstaansdatum"]
    sheet.append([*header, "X", "Y", "Crisis", "BSN"])
    sheet.append(
        [datetime(2024, 1, 31, 14, 5), "energie", "9711AB", 12, 1234.56, date(2023, 12, 1)]
    )
    sheet.append(
        [date(2024, 2, 1), "water", "9712CD", 7.0, 250, None, 233883.5, 582001, True, 12345678]
    )
    sheet.append(["2024-02-02", "huur", "9713EF", "3", "1.234,56", None, "233883,5", None, "nee"])

    frame = read_frame(save(workbook, tmp_path), keep_bsn=True)

    assert frame["signaaldatum"].tolist() == ["2024-01-31", "2024-02-01", "2024-02-02"]
    assert frame["ontstaansdatum"].tolist() == ["2023-12-01", pd.NA, pd.NA]
    assert frame["huisnummer"].tolist() == ["12", "7", "3"]
    assert frame["bedrag"].tolist() == ["1234.56", "250", "1.234,56"]
    assert frame["coord_x"].tolist() == [pd.NA, 233883.5, 233883.5]
    assert frame["coord_y"].tolist() == [pd.NA, 582001.0, pd.NA]
    assert frame["is_crisis"].tolist() == [pd.NA, True, False]
    assert frame["bsn"].tolist() == [pd.NA, "012345678", pd.NA]
    assert frame["has_bsn"].tolist() == [False, True, False]


def test_read_signal_xlsx_names_the_sheets_it_looked_at_when_none_is_usable(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Toelichting"
    workbook.active.append(["Geen signalen deze maand"])
    other = workbook.create_sheet("Blad2")
    other.append(["Signaaldatum", "Postcode", "Huisnummer", "Naam"])
    other.append(["2024-01-31", "9711AB", 1, "Jan Jansen"])

    with pytest.raises(EtlError) as info:
        read_signal_xlsx(save(workbook, tmp_path))

    message = str(info.value)
    assert "geen werkblad met de verplichte kolommen" in message
    assert "'Toelichting', 'Blad2'" in message
    assert "verplichte kolom 'signaalpartner' ontbreekt" in message
    assert "Jansen" not in message


def test_read_signal_xlsx_refuses_header_only_sheet(tmp_path):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append([])

    with pytest.raises(EtlError, match="alleen een kopregel, geen signalen"):
        read_signal_xlsx(save(workbook, tmp_path))


def test_read_signal_xlsx_refuses_empty_file(tmp_path):
    path = tmp_path / "leeg.xlsx"
    path.write_bytes(b"")

    with pytest.raises(EtlError, match="bestand is leeg"):
        read_signal_xlsx(path)


def test_read_signal_xlsx_refuses_file_that_is_not_xlsx(tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_text("signaaldatum;signaalpartner\n2024-01-31;energie\n")

    with pytest.raises(EtlError, match="geen Excel-bestand"):
        read_signal_xlsx(path)


def test_read_signal_xlsx_refuses_damaged_zip(tmp_path):
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)

    with pytest.raises(EtlError):
        read_signal_xlsx(path)


def test_read_signal_xlsx_keeps_sheet_row_numbers_when_table_starts_lower_and_right(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet["B3"], sheet["C3"], sheet["D3"] = "Signaaldatum", "Partner", "BSN"
    sheet["B5"], sheet["C5"], sheet["D5"] = "2024-01-01", "energie", 123456782

    frame = read_frame(save(workbook, tmp_path))

    assert frame["source_row"].tolist() == [5]
    assert frame["has_bsn"].tolist() == [True]
    assert frame["bsn"].isna().all()
