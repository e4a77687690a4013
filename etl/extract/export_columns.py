"""How the headers of a municipal CSV/XLSX export map onto the signals contract.

Staff export vroegsignalen from different systems, each spelling its headers its own way.
Both export readers normalise a header, look it up here, and hand the raw text of the
mapped columns to ``build_signal_frame``. Only whitelisted columns ever reach the frame, so
names, streets and birth dates are dropped at the door whatever the export calls them.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.extract.batch import SIGNAL_COLUMNS, Delivery, signal_frame

#: Characters stripped from both ends of every value (ASCII whitespace, NBSP, stray BOM).
WHITESPACE = " \t\r\n\x0b\x0c\xa0\ufeff"

#: Contract field -> normalised header spellings, most specific first (the first wins).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "signaaldatum": ("signaaldatum", "datumsignaal", "datum"),
    "partner": (
        "signaalpartner",
        "typesignaalpartner",
        "signaalpartnertype",
        "soortsignaalpartner",
        "naamsignaalpartner",
        "soortachterstand",
        "partner",
    ),
    "postcode": ("postcode", "pc6"),
    "huisnummer": ("huisnummer", "huisnr"),
    "huisletter": ("huisletter",),
    "toevoeging": ("huisnummertoevoeging", "huisnrtoevoeging", "toevoeging", "toev"),
    "bedrag": (
        "bedrag",
        "achterstandsbedrag",
        "hoogteachterstand",
        "bedragachterstand",
        "achterstand",
    ),
    "signal_id": ("signaalid", "signaalnummer", "id", "kenmerk"),
    "status": ("status",),
    "ontstaansdatum": ("ontstaansdatum", "datumontstaan"),
    "is_crisis": ("crisissignaal", "crisis"),
    "is_warme_overdracht": ("warmeoverdracht",),
    "bsn": ("bsn", "burgerservicenummer"),
    "gemeentecode": ("gemeentecode", "gemeente"),
}

#: Coordinate header pairs (x, y), preferred first; a pair is used only when both exist.
COORDINATE_PAIRS: tuple[tuple[str, str], ...] = (
    ("rdx", "rdy"),
    ("xrd", "yrd"),
    ("x", "y"),
    ("xcoordinaat", "ycoordinaat"),
    ("lon", "lat"),
    ("longitude", "latitude"),
    ("lng", "lat"),
)

#: Normalised headers of columns that carry personal data; never copied, logged by name only.
PERSONAL_HEADERS: frozenset[str] = frozenset(
    {
        "naam",
        "achternaam",
        "geslachtsnaam",
        "voornaam",
        "voornamen",
        "roepnaam",
        "voorletters",
        "tussenvoegsel",
        "tussenvoegsels",
        "geboortedatum",
        "geboorteplaats",
        "straat",
        "straatnaam",
        "adres",
        "woonadres",
        "woonplaats",
        "plaats",
        "telefoon",
        "telefoonnummer",
        "mobiel",
        "email",
        "emailadres",
        "geslacht",
        "iban",
        "rekeningnummer",
    }
)

#: Contract columns filled from text fields of the export, as-is after stripping.
TEXT_FIELDS: tuple[str, ...] = (
    "gemeentecode",
    "signal_id",
    "signaaldatum",
    "ontstaansdatum",
    "partner",
    "bedrag",
    "status",
    "postcode",
    "huisnummer",
)
BOOL_FIELDS: tuple[str, ...] = ("is_crisis", "is_warme_overdracht")
TRUE_WORDS = ("ja", "j", "true", "waar", "1", "yes", "y")
FALSE_WORDS = ("nee", "n", "false", "onwaar", "0", "no")

#: Rows the reader itself could not use get this reason; the detail says where, never what.
REJECT_MALFORMED = "ongeldige regel"

_UNIT_SUFFIX = re.compile(r"\(.*?\)|\[.*?\]")
_NON_WORD = re.compile(r"[\W_]+")
_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
_SHA_BLOCK = 1 << 20


def normalise_header(name: object) -> str:
    """Reduce a header to a lookup key, so 'Signaal_Datum ', 'signaal-datum' and 'SIGNAALDATUM'
    are one column.

    Parameters
    ----------
    name
        A header cell as found (text, number or None).

    Returns
    -------
    str
        Lower case, without BOM, units in brackets, spaces, underscores, hyphens or dots.
    """
    if name is None:
        return ""
    text = str(name).replace("\ufeff", "").strip().lower()
    return _NON_WORD.sub("", _UNIT_SUFFIX.sub("", text))


@dataclass(frozen=True)
class ExportColumns:
    """Which column of an export feeds which contract field, and what is left behind."""

    headers: tuple[str, ...]  # header names as found (stripped), for messages and logs
    fields: dict[str, int] = field(default_factory=dict)  # contract field -> column index
    personal: tuple[str, ...] = ()  # headers dropped because they carry personal data
    unknown: tuple[str, ...] = ()  # headers that map to nothing (or lose to a better alias)

    @property
    def is_recognised(self) -> bool:
        """Whether the row looks like a header: at least two cells name known columns.

        Two, not one, so a data row with one cell that happens to read 'status' is never
        taken for a header and echoed in an error message.
        """
        return len(set(self.fields.values())) + len(self.personal) >= 2

    @property
    def has_address(self) -> bool:
        """Whether rows can be placed: postcode + huisnummer, coordinates or a BSN."""
        f = self.fields
        return ("postcode" in f and "huisnummer" in f) or "coord_x" in f or "bsn" in f

    def missing_required(self) -> str | None:
        """Describe the first missing required column, or None when the export is usable.

        Returns
        -------
        str or None
            A Dutch problem text naming the missing column and the headers found.
        """
        found = ", ".join(h[:40] for h in self.headers if h) or "geen"
        for name, label in (("signaaldatum", "signaaldatum"), ("partner", "signaalpartner")):
            if name not in self.fields:
                return f"verplichte kolom '{label}' ontbreekt (gevonden: {found})"
        if not self.has_address:
            return (
                "verplichte adreskolommen ontbreken: 'postcode' en 'huisnummer', "
                f"coördinaten of 'bsn' (gevonden: {found})"
            )
        return None


def map_export_columns(headers: Sequence[object]) -> ExportColumns:
    """Find the column behind each contract field, so readers copy only whitelisted columns.

    Parameters
    ----------
    headers
        The header row as found; cells may be None or non-text (XLSX).

    Returns
    -------
    ExportColumns
        Field -> column index, plus the personal and unknown header names left behind.
    """
    shown = tuple("" if h is None else str(h).replace("\ufeff", "").strip() for h in headers)
    keys = [normalise_header(h) for h in headers]
    fields: dict[str, int] = {}
    for name, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            if alias in keys:
                fields[name] = keys.index(alias)
                break
    for x_key, y_key in COORDINATE_PAIRS:
        if x_key in keys and y_key in keys:
            fields["coord_x"] = keys.index(x_key)
            fields["coord_y"] = keys.index(y_key)
            break
    used = set(fields.values())
    personal = tuple(
        shown[i] for i, key in enumerate(keys) if key in PERSONAL_HEADERS and i not in used
    )
    unknown = tuple(
        shown[i]
        for i, key in enumerate(keys)
        if key and key not in PERSONAL_HEADERS and i not in used
    )
    return ExportColumns(headers=shown, fields=fields, personal=personal, unknown=unknown)


def log_left_behind(columns: ExportColumns, log: logging.Logger) -> None:
    """Say once, by header name only, which columns a reader did not copy.

    Parameters
    ----------
    columns
        The mapped header.
    log
        The reader's logger.
    """
    if columns.personal:
        names = ", ".join(columns.personal)
        log.info("dropped %d personal column(s): %s", len(columns.personal), names)
    if columns.unknown:
        names = ", ".join(columns.unknown)
        log.info("ignored %d unknown column(s): %s", len(columns.unknown), names)


def compute_file_sha256(path: Path) -> str:
    """Hash a delivery in 1 MiB blocks, so a corrected re-delivery is recognised as different.

    Parameters
    ----------
    path
        The export file.

    Returns
    -------
    str
        Hex SHA-256 of the file's bytes.
    """
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_SHA_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def describe_export(path: Path, source_format: str, file_sha256: str) -> Delivery:
    """Name an export delivery by its file, so a re-sent file of the same name replaces it.

    Parameters
    ----------
    path
        The export file; only its name is kept.
    source_format
        "csv" or "xlsx".
    file_sha256
        Hex SHA-256 of the file.

    Returns
    -------
    Delivery
        With delivery_key "export:<lowercased stem>" and no period.
    """
    return Delivery(
        source_file=path.name,
        file_sha256=file_sha256,
        source_format=source_format,
        delivery_key="export:" + path.stem.lower(),
    )


def clean_text(values: pa.Array) -> pa.Array:
    """Strip a raw text column and turn empty strings into nulls, so '' and ' ' mean missing.

    Parameters
    ----------
    values
        Raw text, possibly with nulls.

    Returns
    -------
    pyarrow.Array
        Stripped text; null where nothing is left.
    """
    stripped = pc.utf8_trim(values.cast(pa.string()), characters=WHITESPACE)
    return pc.if_else(pc.equal(stripped, ""), pa.scalar(None, pa.string()), stripped)


def parse_flag(values: pa.Array) -> pa.Array:
    """Read a yes/no column the way different systems write it, so flags compare equal.

    Parameters
    ----------
    values
        Raw text: ja/nee, j/n, true/false, waar/onwaar, 1/0, in any case.

    Returns
    -------
    pyarrow.Array
        Booleans; null for anything else.
    """
    lowered = pc.utf8_lower(clean_text(values))
    no_value = pa.scalar(None, pa.bool_())
    is_false = pc.if_else(pc.is_in(lowered, pa.array(FALSE_WORDS)), False, no_value)
    return pc.if_else(pc.is_in(lowered, pa.array(TRUE_WORDS)), True, is_false)


def parse_coordinate(values: pa.Array) -> pa.Array:
    """Read a coordinate as float, so Dutch spreadsheets ('233883,5') place rows too.

    Parameters
    ----------
    values
        Raw text; a comma is the decimal mark and dots before it group thousands.

    Returns
    -------
    pyarrow.Array
        float64; null where the text is not a number.
    """
    text = clean_text(values)
    has_comma = pc.match_substring(text, ",")
    dutch = pc.replace_substring(pc.replace_substring(text, ".", ""), ",", ".")
    text = pc.if_else(has_comma, dutch, text)
    valid = pc.fill_null(pc.match_substring_regex(text, _NUMBER), False)
    return pc.if_else(valid, text, pa.scalar(None, pa.string())).cast(pa.float64())


def build_signal_frame(
    values: Mapping[str, pa.Array],
    source_row: pa.Array,
    source_ref: pa.Array,
    reject_detail: pa.Array,
    *,
    keep_bsn: bool,
) -> pd.DataFrame:
    """Turn the raw text of mapped export columns into the signals frame of the contract.

    Parameters
    ----------
    values
        Contract field (as in ``ExportColumns.fields``, plus "huisletter") -> raw text
        column; null on rows the reader rejected. Fields the export lacks are absent.
    source_row, source_ref
        Line or sheet row of each row, and how a person finds it.
    reject_detail
        Null for usable rows; where/what for rows the reader rejected (never a value).
    keep_bsn
        Copy the BSN itself (only when a BSN -> address file is supplied).

    Returns
    -------
    pandas.DataFrame
        One row per input row with ``SIGNAL_COLUMNS`` and their dtypes.
    """
    n = len(source_row)
    rejected = pc.is_valid(reject_detail)
    columns: dict[str, pa.Array] = {
        "source_row": source_row.cast(pa.int64()),
        "source_ref": source_ref.cast(pa.string()),
    }
    for name in TEXT_FIELDS:
        if name in values:
            columns[name] = clean_text(values[name])
    for name in BOOL_FIELDS:
        if name in values:
            columns[name] = parse_flag(values[name])
    columns["toevoeging"] = _join_toevoeging(values, n)
    for name in ("coord_x", "coord_y"):
        if name in values:
            columns[name] = parse_coordinate(values[name])
    if "bsn" in values:
        bsn = clean_text(values["bsn"])
        columns["has_bsn"] = pc.is_valid(bsn)
        if keep_bsn:
            columns["bsn"] = bsn
    else:
        columns["has_bsn"] = pa.repeat(pa.scalar(False), n)
    columns["has_bsn"] = pc.if_else(rejected, pa.scalar(None, pa.bool_()), columns["has_bsn"])
    columns["reject_reason"] = pc.if_else(
        rejected, pa.scalar(REJECT_MALFORMED), pa.scalar(None, pa.string())
    )
    columns["reject_detail"] = reject_detail.cast(pa.string())
    return signal_frame({name: _to_pandas(arr) for name, arr in _complete(columns, n).items()})


def _join_toevoeging(values: Mapping[str, pa.Array], n: int) -> pa.Array:
    """Concatenate huisletter then toevoeging, so '12', 'A', '2' becomes toevoeging 'A2'."""
    parts = [clean_text(values[name]) for name in ("huisletter", "toevoeging") if name in values]
    if not parts:
        return pa.nulls(n, pa.string())
    if len(parts) == 1:
        return parts[0]
    joined = pc.binary_join_element_wise(*parts, "", null_handling="replace", null_replacement="")
    return clean_text(joined)


def _complete(columns: dict[str, pa.Array], n: int) -> dict[str, pa.Array]:
    kinds = {"is_crisis": pa.bool_(), "is_warme_overdracht": pa.bool_()}
    kinds |= {"coord_x": pa.float64(), "coord_y": pa.float64(), "has_bsn": pa.bool_()}
    return {
        name: columns.get(name, pa.nulls(n, kinds.get(name, pa.string())))
        for name in SIGNAL_COLUMNS
    }


_PANDAS_TYPES = {
    pa.string(): pd.StringDtype("pyarrow"),
    pa.bool_(): pd.BooleanDtype(),
    pa.float64(): pd.Float64Dtype(),
    pa.int64(): pd.Int64Dtype(),
}


def _to_pandas(values: pa.Array) -> pd.api.extensions.ExtensionArray:
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values.to_pandas(types_mapper=_PANDAS_TYPES.get).array
