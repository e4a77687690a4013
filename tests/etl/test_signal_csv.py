"""Behaviour of the CSV export reader: dialects, encodings, aliases, privacy, counts, lines."""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.errors import EtlError
from etl.extract import signal_csv
from etl.extract.batch import SIGNAL_COLUMNS
from etl.extract.signal_csv import read_signal_csv

EXPORTS = Path(__file__).parents[1] / "fixtures" / "exports"


def read_frame(path: Path, **kwargs: object) -> pd.DataFrame:
    batches = list(read_signal_csv(path, **kwargs))
    return pd.concat([b.signals for b in batches], ignore_index=True)


def cells_as_text(frame: pd.DataFrame) -> list[str]:
    return [str(v) for col in frame.columns for v in frame[col].tolist() if not pd.isna(v)]


def test_read_signal_csv_reads_comma_utf8_export_into_contract_frame():
    batches = list(read_signal_csv(EXPORTS / "signals_comma_utf8.csv"))

    assert len(batches) == 1
    delivery = batches[0].delivery
    assert delivery.source_file == "signals_comma_utf8.csv"
    assert delivery.source_format == "csv"
    assert delivery.delivery_key == "export:signals_comma_utf8"
    assert delivery.period_start is None and delivery.period_end is None
    expected_sha = hashlib.sha256((EXPORTS / "signals_comma_utf8.csv").read_bytes()).hexdigest()
    assert delivery.file_sha256 == expected_sha
    frame = batches[0].signals
    assert tuple(frame.columns) == SIGNAL_COLUMNS
    assert frame["signal_id"].tolist() == ["S-001", "S-002", "S-003", "S-004", "S-005"]
    assert frame["source_row"].tolist() == [2, 3, 4, 5, 6]
    assert frame["source_ref"].tolist()[0] == "regel 2"
    assert frame["postcode"].tolist()[1] == "9711 NV"
    assert frame["bedrag"].tolist()[:2] == ["123.45", "1,234.56"]
    assert frame["toevoeging"].isna().tolist() == [True, False, False, True, False]
    assert frame["has_bsn"].tolist() == [False] * 5
    assert frame["reject_reason"].isna().all()
    assert batches[0].cases.empty and batches[0].contacts.empty


def test_read_signal_csv_keeps_dutch_dates_and_amounts_as_raw_text_from_cp1252():
    frame = read_frame(EXPORTS / "signals_semicolon_cp1252.csv")

    assert frame["signaaldatum"].tolist() == ["31-01-2024", "01-02-2024", "15-02-2024"]
    assert frame["bedrag"].tolist() == ["1.234,56", "€ 250,00", "87,5"]
    assert frame["status"].tolist()[0] == "Geïnformeerd"
    assert frame["source_row"].tolist() == [2, 3, 4]


def test_read_signal_csv_strips_byte_order_mark_from_first_header():
    frame = read_frame(EXPORTS / "signals_utf8_bom.csv")

    assert frame["signaaldatum"].tolist() == ["2024-03-01", "2024-03-02"]


def test_read_signal_csv_decodes_mixed_utf8_and_cp1252_lines():
    frame = read_frame(EXPORTS / "signals_mixed_encoding.csv")

    assert frame["status"].tolist() == ["Geïnformeerd", "Geïnformeerd", "€ open", "€ open"]
    assert frame["source_row"].tolist() == [2, 3, 4, 5]


def test_read_signal_csv_maps_aliases_and_odd_header_spellings(caplog):
    with caplog.at_level(logging.INFO, logger="etl.extract"):
        frame = read_frame(EXPORTS / "signals_aliases.tsv")

    assert frame["signaaldatum"].tolist() == ["2024-01-31", "2024-02-01", "2024-02-02"]
    assert frame["partner"].tolist() == ["Huur", "Energie", "Water"]
    assert frame["postcode"].tolist()[0] == "9711 AB"
    assert frame["huisnummer"].tolist() == ["12", "7", "3"]
    assert frame["toevoeging"].tolist() == ["A2", "bis", "b"]
    assert frame["bedrag"].tolist() == ["1.234,56", "80", "10"]
    assert frame["signal_id"].tolist() == ["K-1", "K-2", "K-3"]
    assert frame["is_crisis"].tolist() == [True, False, pd.NA]
    assert frame["is_warme_overdracht"].tolist() == [False, True, True]
    assert frame["gemeentecode"].tolist() == ["GM0014", "0014", pd.NA]
    assert frame["ontstaansdatum"].tolist() == ["2023-12-01", pd.NA, pd.NA]
    assert "Opmerking" in caplog.text
    assert "bellen" not in caplog.text


def test_read_signal_csv_keeps_stray_delimiter_row_as_rejected_with_its_line():
    frame = read_frame(EXPORTS / "signals_stray_delimiter.csv")

    assert len(frame) == 20
    bad = frame[frame["reject_reason"].notna()]
    assert bad["source_row"].tolist() == [17]
    assert bad["reject_reason"].tolist() == ["ongeldige regel"]
    assert bad["reject_detail"].tolist() == ["regel 17: 9 velden, verwacht 8"]
    assert bad[["signal_id", "signaaldatum", "partner", "postcode", "bedrag"]].isna().all().all()
    assert frame["source_row"].tolist() == list(range(2, 22))
    assert frame.loc[frame["source_row"] == 18, "signal_id"].tolist() == ["S-018"]


TRICKY_BODY = [
    "S-1;2024-01-01;energie;9711AB;1",  # line 2
    "",  # line 3, blank: skipped
    'S-2;2024-01-02;"energie\nnoord";9711AB;2',  # lines 4-5
    "S-3;2024-01-03;water;9711AB;3;extra",  # line 6, malformed
    ";;;;",  # line 7, all fields empty: skipped
    'S-4;2024-01-04;"zorg\r\nverzekeraar";9711AB;4',  # lines 8-9
    "S-5;2024-01-05;huur;9711AB",  # line 10, malformed
    "S-6;2024-01-06;huur;9711AB;6",  # line 11
]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"], ids=["pyarrow", "csv-module"])
def test_read_signal_csv_counts_lines_through_blanks_and_quoted_newlines(tmp_path, encoding):
    header = "signaal_id;signaaldatum;signaalpartner;postcode;huisnummer"
    text = "\n".join([header, *TRICKY_BODY]) + "\n"
    if encoding == "cp1252":
        text = text.replace("huur", "hüür")  # not valid UTF-8: forces the line-by-line path
    path = tmp_path / "tricky.csv"
    path.write_bytes(text.encode(encoding))

    frame = read_frame(path)

    assert frame["source_row"].tolist() == [2, 4, 6, 8, 10, 11]
    assert frame["signal_id"].tolist() == ["S-1", "S-2", pd.NA, "S-4", pd.NA, "S-6"]
    assert frame["partner"].tolist()[1] == "energie\nnoord"
    assert frame["reject_detail"].dropna().tolist() == [
        "regel 6: 6 velden, verwacht 5",
        "regel 10: 4 velden, verwacht 5",
    ]


def test_read_signal_csv_line_numbers_hold_across_pyarrow_blocks(tmp_path):
    header = "signaal_id;signaaldatum;signaalpartner;postcode;huisnummer"
    body, expected, rejected, line = [], [], [], 2
    for i in range(400):
        if i % 41 == 3:
            body.append("")
            line += 1
            continue
        expected.append(line)
        if i % 37 == 5:
            body.append(f'S-{i};2024-01-01;"multi\nline";9711AB;{i}')
            line += 2
            continue
        if i % 23 == 7:
            body.append(f"S-{i};2024-01-01;stray;delimiter;9711AB;{i}")
            rejected.append(line)
        else:
            body.append(f"S-{i};2024-01-01;energie;9711AB;{i}")
        line += 1
    path = tmp_path / "blocks.csv"
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")

    with mock.patch.object(signal_csv, "_ARROW_BLOCK", 512):
        frame = read_frame(path, chunk_rows=64)

    assert frame["source_row"].tolist() == expected
    assert frame.loc[frame["reject_reason"].notna(), "source_row"].tolist() == rejected


def test_read_signal_csv_finishes_with_csv_module_when_a_record_outgrows_pyarrow_block(
    tmp_path, caplog
):
    header = "signaal_id;signaaldatum;signaalpartner;postcode;huisnummer"
    body = [f"S-{i};2024-01-01;energie;9711AB;{i}" for i in range(30)]
    body[20] = 'S-20;2024-01-01;"' + "lang " * 60 + '";9711AB;20'
    body[25] = "S-25;2024-01-01;stray;delimiter;9711AB;25"
    path = tmp_path / "long_record.csv"
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")

    with mock.patch.object(signal_csv, "_ARROW_BLOCK", 128), caplog.at_level(logging.WARNING):
        frame = read_frame(path, chunk_rows=4)

    assert frame["source_row"].tolist() == list(range(2, 32))
    assert frame["signal_id"].tolist()[20] == "S-20"
    assert frame["reject_detail"].dropna().tolist() == ["regel 27: 6 velden, verwacht 5"]
    assert "continuing with the csv module" in caplog.text


def test_read_signal_csv_names_missing_required_column_without_values():
    with pytest.raises(EtlError) as info:
        read_signal_csv(EXPORTS / "signals_missing_signaaldatum.csv")

    message = str(info.value)
    assert message.startswith("signals_missing_signaaldatum.csv: ")
    assert "verplichte kolom 'signaaldatum' ontbreekt" in message
    assert "gevonden: signaalpartner, postcode, huisnummer, naam" in message
    assert "Jan" not in message


def test_read_signal_csv_requires_an_address_column(tmp_path):
    path = tmp_path / "no_address.csv"
    path.write_text("signaaldatum;signaalpartner;postcode\n2024-01-01;energie;9711AB\n")

    with pytest.raises(EtlError, match="adreskolommen ontbreken"):
        read_signal_csv(path)


@pytest.mark.parametrize("name", ["empty.csv", "whitespace_only.csv"])
def test_read_signal_csv_refuses_empty_file(name):
    with pytest.raises(EtlError, match="bestand is leeg"):
        read_signal_csv(EXPORTS / name)


def test_read_signal_csv_refuses_header_only_file():
    with pytest.raises(EtlError, match="alleen een kopregel, geen signalen"):
        read_signal_csv(EXPORTS / "header_only.csv")


def test_read_signal_csv_refuses_binary_garbage(tmp_path):
    path = tmp_path / "garbage.csv"
    path.write_bytes(bytes(range(256)) * 4)

    with pytest.raises(EtlError, match="binaire gegevens"):
        read_signal_csv(path)


def test_read_signal_csv_refuses_file_without_recognisable_header_and_hides_its_lines(tmp_path):
    path = tmp_path / "no_header.csv"
    path.write_text("Jan Jansen;Herestraat 1;9711AB\nPiet Smit;Vismarkt 2;9712CA\n")

    with pytest.raises(EtlError, match="geen herkenbare kopregel") as info:
        read_signal_csv(path)
    assert "Jansen" not in str(info.value)


def test_read_signal_csv_skips_title_line_above_header(tmp_path):
    path = tmp_path / "titled.csv"
    path.write_text(
        "Vroegsignalen januari 2024;;;\nsignaaldatum;signaalpartner;postcode;huisnummer\n"
        "2024-01-31;energie;9711AB;1\n"
    )

    frame = read_frame(path)

    assert frame["source_row"].tolist() == [3]
    assert frame["partner"].tolist() == ["energie"]


def test_read_signal_csv_never_copies_personal_columns(caplog):
    personal = [
        "Jan Jansen",
        "de Vries, Klaas",
        "Ánna Bakker",
        "Piet Smit",
        "Fatima El Amrani",
        "1970-05-12",
        "1985-11-03",
        "1990-01-20",
        "1962-07-30",
        "2001-12-24",
        "Herestraat",
        "Oosterstraat",
        "Vismarkt",
        "Grote Markt",
        "Zuiderdiep",
        "Haren",
        "050-1234567",
    ]
    with caplog.at_level(logging.DEBUG):
        frame = read_frame(EXPORTS / "signals_comma_utf8.csv")

    cells = cells_as_text(frame)
    for value in personal:
        assert not any(value in cell for cell in cells), value
        assert value not in caplog.text
    assert "Groningen" not in cells
    assert "naam" in caplog.text  # the header name is logged, never a value


def test_read_signal_csv_keeps_bsn_only_when_asked():
    without = read_frame(EXPORTS / "signals_bsn.csv")
    kept = read_frame(EXPORTS / "signals_bsn.csv", keep_bsn=True)

    assert without["has_bsn"].tolist() == [True, False]
    assert without["bsn"].isna().all()
    assert "123456782" not in cells_as_text(without)
    assert kept["bsn"].tolist() == ["123456782", pd.NA]
    assert kept["has_bsn"].tolist() == [True, False]


def test_read_signal_csv_cuts_chunks_in_order_sharing_one_delivery():
    batches = list(read_signal_csv(EXPORTS / "signals_comma_utf8.csv", chunk_rows=2))

    assert [len(b.signals) for b in batches] == [2, 2, 1]
    assert all(b.delivery is batches[0].delivery for b in batches)
    ids = [i for b in batches for i in b.signals["signal_id"].tolist()]
    assert ids == ["S-001", "S-002", "S-003", "S-004", "S-005"]
    assert all(tuple(b.signals.columns) == SIGNAL_COLUMNS for b in batches)


def test_read_signal_csv_reads_coordinates_with_decimal_comma():
    frame = read_frame(EXPORTS / "signals_rd_decimal_comma.csv")

    assert frame["coord_x"].tolist() == [233883.5, 233883.5, pd.NA]
    assert frame["coord_y"].tolist() == [582001.25, 582001.0, pd.NA]
    assert str(frame["coord_x"].dtype) == "Float64"


def test_read_signal_csv_reads_longitude_and_latitude(tmp_path):
    path = tmp_path / "lonlat.csv"
    path.write_text(
        "signaaldatum;signaalpartner;Longitude;Latitude\n2024-01-31;water;6,5665;53,2194\n"
    )

    frame = read_frame(path)

    assert frame["coord_x"].tolist() == [6.5665]
    assert frame["coord_y"].tolist() == [53.2194]


def test_read_signal_csv_honours_excel_sep_hint(tmp_path):
    path = tmp_path / "sep.csv"
    path.write_text(
        "sep=|\nsignaaldatum|signaalpartner|postcode|huisnummer\n2024-01-31|a;b|9711AB|1\n"
    )

    frame = read_frame(path)

    assert frame["partner"].tolist() == ["a;b"]
    assert frame["source_row"].tolist() == [3]


def test_read_signal_csv_reads_utf16_tab_export(tmp_path):
    path = tmp_path / "unicode.txt"
    text = "signaaldatum\tsignaalpartner\tpostcode\thuisnummer\r\n2024-01-31\tzoë\t9711AB\t1\r\n"
    path.write_bytes(text.encode("utf-16"))

    frame = read_frame(path)

    assert frame["partner"].tolist() == ["zoë"]


# --- properties: any text under a valid header reads, and counts add up -------------------

HEADER = ["signaaldatum", "signaalpartner", "postcode", "huisnummer", "bedrag", "naam"]
ALPHABET = "abcXYZ019 ,;\t\"'éëï€-./\n\r"
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@st.composite
def exports(draw: st.DrawFn) -> tuple[bytes, list[int], list[int]]:
    """An export as bytes, the start line of each non-blank record, and of malformed ones."""
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    terminator = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "mixed"]))
    records = draw(
        st.lists(
            st.tuples(
                st.lists(st.text(ALPHABET, max_size=8), max_size=9),
                st.booleans(),  # write unquoted, so a delimiter in a value adds a field
                st.booleans(),  # cp1252 rather than UTF-8 when the file is mixed
            ),
            max_size=25,
        )
    )
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=terminator).writerow(HEADER)
    chunks = [buffer.getvalue().encode("utf-8-sig" if encoding == "utf-8-sig" else "utf-8")]
    lines, malformed, line = [], [], 2
    for values, raw, use_cp1252 in records:
        if raw and not any(c in v for v in values for c in '"\r\n'):
            text = delimiter.join(values) + terminator
            fields = text[: -len(terminator)].split(delimiter)
        else:
            buffer = io.StringIO()  # "\r\n" makes the writer quote any \r or \n in a value
            csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerow(values)
            text = buffer.getvalue().removesuffix("\r\n") + terminator
            fields = values or [""]
        if any(f.strip() for f in fields):
            lines.append(line)
            if len(fields) != len(HEADER):
                malformed.append(line)
        line += len(LINE_BREAK.findall(text))
        codec = (
            "cp1252" if encoding == "cp1252" or (encoding == "mixed" and use_cp1252) else "utf-8"
        )
        chunks.append(text.encode(codec))
    return b"".join(chunks), lines, malformed


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(export=exports(), block=st.sampled_from([256, 4 << 20]))
def test_read_signal_csv_returns_one_row_per_non_blank_record(tmp_path, export, block):
    data, lines, malformed = export
    path = tmp_path / "property.csv"
    path.write_bytes(data)

    with mock.patch.object(signal_csv, "_ARROW_BLOCK", block):
        try:
            frame = read_frame(path, chunk_rows=7)
        except EtlError as error:
            assert not lines, str(error)
            assert "alleen een kopregel" in str(error)
            return

    assert len(frame) == len(lines)
    assert frame["source_row"].tolist() == lines
    rejected = frame["reject_reason"].notna()
    assert frame.loc[rejected, "source_row"].tolist() == malformed
    assert frame.loc[rejected, "reject_detail"].notna().all()
    assert frame.loc[~rejected, "reject_detail"].isna().all()


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=300))
def test_read_signal_csv_raises_only_etl_error_on_arbitrary_bytes(tmp_path, body):
    path = tmp_path / "bytes.csv"
    path.write_bytes(b"signaaldatum;signaalpartner;postcode;huisnummer\n" + body)

    try:
        frame = read_frame(path)
    except EtlError:
        return
    assert (frame["reject_reason"].notna() == frame["reject_detail"].notna()).all()
