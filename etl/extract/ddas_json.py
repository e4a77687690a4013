"""Read DDAS vroegsignalering JSON deliveries so municipalities can send the national format as is.

The VNG/DDAS "Uitwisselmodel Vroegsignalering" (versions 0.9 and 1.2) is one JSON file per
supplier holding several ``leveringen``, one per gemeente. Files can be a gigabyte, so the
reader streams with ijson and yields one :class:`~etl.extract.batch.ExtractBatch` per levering.

Personal data is dropped at the door: only the fields the signals frame names are copied;
names, initials, birth date, sex, street and place are never touched, and the BSN is kept only
when the caller asks for it. Error texts and reject details name JSON paths and expectations,
never a value from the file.

Enumerations (signaalpartner, status, resultaat ...) and date formats are not checked here:
the transform step maps and checks them uniformly for every source format.

Numbers are parsed with ``use_float=True``: integers stay exact up to 64 bits and fractions
become floats. Besides being faster than Decimal, this sidesteps a crash: ijson 3.6's C backend
kills the interpreter (segfault) on an integer longer than Python's 4300-digit limit when it
builds Python ints, whereas with floats it reports any integer beyond 64 bits as a parse error,
which becomes an EtlError. No DDAS field holds such a number.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import ijson

from etl.errors import EtlError
from etl.extract.batch import (
    CASE_COLUMNS,
    CASE_SIGNAL_COLUMNS,
    CONTACT_COLUMNS,
    Delivery,
    ExtractBatch,
    case_frame,
    case_signal_frame,
    contact_frame,
    signal_frame,
)

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger(__name__)

try:
    _BACKEND = ijson.get_backend("yajl2_c")
except ImportError:  # pragma: no cover - depends on how ijson was built
    _BACKEND = ijson

_HASH_BLOCK = 1 << 20
_UTF8_BOM = b"\xef\xbb\xbf"
_REJECT_SCHEMA = "schema"

#: Top-level fields the schema requires, in the order errors name them.
_META_FIELDS = (
    "codeGegevensleverancier",
    "startdatumLevering",
    "einddatumLevering",
    "aanleverdatumEnTijd",
)

_WATCHED_KEYS = frozenset({*_META_FIELDS, "leveringen"})

#: Keys that only occur in version 1.2 of the format.
_V12_LEVERING_KEYS = frozenset({"aanleverendeOrganisatie"})
_V12_CLIENT_KEYS = frozenset(
    {
        "burgerservicenummer",
        "postcode",
        "huisnummer",
        "huisnummertoevoeging",
        "geboortedatum",
        "geslachtsaanduiding",
    }
)
_V12_CASE_KEYS = frozenset(
    {"startdatumMatchingperiode", "einddatumMatchingperiode", "datumOpgepakt"}
)
_SNIFF_ITEMS = 10

#: Signal columns in the order ``_read_signal`` returns them (the rest stay empty).
_SIGNAL_ROW_COLUMNS = (
    "signal_id",
    "signaaldatum",
    "ontstaansdatum",
    "partner",
    "bedrag",
    "status",
    "is_crisis",
    "is_warme_overdracht",
    "postcode",
    "huisnummer",
    "toevoeging",
    "has_bsn",
    "bsn",
    "reject_reason",
    "reject_detail",
)

#: (frame column, accepted JSON keys in order of preference) of a vroegsignaalzaak.
_CASE_DATE_FIELDS = (
    ("matchingsdatum", ("matchingsdatum",)),
    ("datum_opgepakt", ("datumOpgepakt", "datum_opgepakt")),
    (
        "startdatum_matchingperiode",
        (
            "startdatumMatchingperiode",
            "startdatum_matchingperiode",
            "startdatum_matchtingperiode",  # sic: the typo of version 0.9
        ),
    ),
    ("einddatum_matchingperiode", ("einddatumMatchingperiode", "einddatum_matchingperiode")),
)

# Expectations as they appear in reject details and error messages.
_MISSING = "ontbreekt"
_NOT_TEXT = "geen tekst"
_NOT_OBJECT = "geen object"
_NOT_LIST = "geen lijst"
_NOT_BOOL = "geen waar/onwaar (true/false)"
_NOT_INTEGER = "geen geheel getal"

_END = object()
_WRONG_TYPE = object()
_NONE_TYPE = type(None)
_TEXT_OR_NONE = frozenset({str, _NONE_TYPE})
_BOOL_OR_NONE = frozenset({bool, _NONE_TYPE})
_INT_OR_NONE = frozenset({int, _NONE_TYPE})
_LIST_OR_NONE = frozenset({list, _NONE_TYPE})
#: signal_id up to toevoeging, all empty: the row of a signal that is not even an object.
_EMPTY_SIGNAL = (None,) * (len(_SIGNAL_ROW_COLUMNS) - 4)


def read_ddas_delivery(path: str | Path, *, keep_bsn: bool = False) -> Iterator[ExtractBatch]:
    """Stream a DDAS JSON file as one batch per levering, so a 1 GB file never sits in memory.

    The file is read three times: once to hash it, once for the top-level metadata (stopping
    as soon as it is complete; JSON does not fix key order) and once for the leveringen, of
    which only one at a time is held in memory.

    While a levering is parsed and read, Python's cyclic garbage collector is paused (it is a
    process-wide switch; the previous state is restored before each batch is yielded).

    This is a generator: nothing is read until iteration starts. Fatal problems raise
    :class:`~etl.errors.EtlError` during iteration, and a file that turns out to be truncated or
    malformed further on may already have yielded batches for the leveringen before the damage.
    Callers must therefore treat the batches as provisional until the generator is exhausted,
    and discard everything from the file when it raises.

    Parameters
    ----------
    path
        The delivery file, version 0.9 or 1.2 of the VNG Uitwisselmodel Vroegsignalering.
    keep_bsn
        Copy the client's BSN into the ``bsn`` column. Only for the step that looks addresses up
        in a BSN -> address file; by default the BSN never leaves the reader (``has_bsn`` still
        says whether there was one).

    Returns
    -------
    Iterator[ExtractBatch]
        One batch per levering, in file order. Signals that break the schema stay in the frame
        with ``reject_reason="schema"`` and a ``reject_detail`` naming the JSON path, so counts
        add up; cases likewise.

    Raises
    ------
    EtlError
        The file cannot be read, is empty, is not (complete) JSON, or lacks the structure every
        delivery needs: a top-level object with the four metadata fields and a ``leveringen``
        list of objects that each name their gemeente.
    """
    path = Path(path)
    size, sha256 = _hash_file(path)
    if size == 0:
        raise EtlError("het bestand is leeg", path)

    with _open_json(path) as f:
        meta = _read_metadata(f, path)
    supplier = meta["codeGegevensleverancier"]
    file_delivery = Delivery(
        source_file=path.name,
        file_sha256=sha256,
        source_format="ddas-json",
        delivery_key="",
        period_start=_parse_date(meta["startdatumLevering"]),
        period_end=_parse_date(meta["einddatumLevering"]),
        supplier=supplier,
    )
    logger.info("reading DDAS file %s (%d bytes)", path.name, size)

    index = 0
    first_row = 1
    with _open_json(path) as f:
        leveringen = iter(_BACKEND.items(f, "leveringen.item", use_float=True))
        while True:
            with _gc_paused():
                levering = _next_levering(leveringen, f, path)
                if levering is _END:
                    break
                batch = _read_levering(
                    levering, index, first_row, file_delivery, meta, keep_bsn, path
                )
                del levering
            yield batch
            first_row += len(batch.signals)
            index += 1
    if index == 0:
        raise EtlError("$.leveringen is leeg: het bestand bevat geen enkele levering", path)


def sniff_ddas_version(levering: Mapping[str, Any]) -> str:
    """Tell version 1.2 from 0.9 by the keys 1.2 renamed, so the delivery records its format.

    Looks at the levering's own keys, then at the clients and cases of its first few signals
    and cases. Without any 1.2 key the levering counts as 0.9.

    Parameters
    ----------
    levering
        One item of ``leveringen`` as a mapping (values as parsed JSON).

    Returns
    -------
    str
        ``"1.2"`` or ``"0.9"``.
    """
    if not _V12_LEVERING_KEYS.isdisjoint(levering):
        return "1.2"
    signals = levering.get("vroegsignalen")
    if type(signals) is list:
        for signal in islice(signals, _SNIFF_ITEMS):
            client = signal.get("client") if type(signal) is dict else None
            if type(client) is dict and not _V12_CLIENT_KEYS.isdisjoint(client):
                return "1.2"
    zaken = levering.get("vroegsignaalzaken")
    if type(zaken) is list:
        for zaak in islice(zaken, _SNIFF_ITEMS):
            if type(zaak) is dict and not _V12_CASE_KEYS.isdisjoint(zaak):
                return "1.2"
    return "0.9"


def _hash_file(path: Path) -> tuple[int, str]:
    """Return size and sha256 of the file, read in 1 MiB blocks, so a re-sent file is known.

    An unreadable file raises EtlError outside the ``except`` block, so the OSError (whose text
    holds the full path, perhaps with a person's name in a folder) is not chained to it.
    """
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as f:
            while block := f.read(_HASH_BLOCK):
                digest.update(block)
                size += len(block)
    except OSError:
        size = -1
    if size < 0:
        raise EtlError("het bestand kan niet worden gelezen", path)
    return size, digest.hexdigest()


def _open_json(path: Path) -> BinaryIO:
    """Open the file for parsing, past a UTF-8 byte order mark that Windows exports often add."""
    try:
        f = path.open("rb")
    except OSError:
        f = None
    if f is None:
        raise EtlError("het bestand kan niet worden gelezen", path)
    if f.read(len(_UTF8_BOM)) != _UTF8_BOM:
        f.seek(0)
    return f


def _json_error(exc: Exception, f: BinaryIO, path: Path) -> EtlError:
    """Phrase an ijson failure without its message, which quotes the file's text."""
    text = str(exc)
    position = f.tell()
    if "premature EOF" in text or "Incomplete JSON" in text:
        problem = f"JSON is afgebroken of ongeldig: het bestand houdt op bij byte {position}"
    elif "overflow" in text:
        problem = (
            f"JSON is afgebroken of ongeldig: een getal is te groot om te lezen "
            f"(vóór byte {position})"
        )
    else:
        problem = f"JSON is afgebroken of ongeldig (vóór byte {position})"
    return EtlError(problem, path)


def _read_metadata(f: BinaryIO, path: Path) -> dict[str, str]:
    """Find the four top-level fields with a cheap event scan that stops once they are seen.

    Also checks that the top level is an object and that ``leveringen`` is a list, because the
    scan passes its start anyway.
    """
    found: dict[str, Any] = {}
    leveringen_event: str | None = None
    failure: Exception | None = None
    events = _BACKEND.parse(f, use_float=True)
    try:
        first = next(events, None)
        if first is None or first[1] != "start_map":
            raise EtlError("de bovenste laag van het bestand is geen JSON-object", path)
        value_of: str | None = None
        for prefix, event, value in events:
            if value_of is not None:
                if value_of == "leveringen":
                    if leveringen_event is None:
                        leveringen_event = event
                elif value_of not in found:
                    found[value_of] = value if event == "string" else _WRONG_TYPE
                value_of = None
                if leveringen_event is not None and len(found) == len(_META_FIELDS):
                    break
            elif prefix == "" and event == "map_key" and value in _WATCHED_KEYS:
                value_of = value
    except (ijson.JSONError, ValueError) as exc:
        failure = exc
    if failure is not None:
        raise _json_error(failure, f, path)

    missing = [f"$.{name}" for name in _META_FIELDS if name not in found]
    if len(missing) == 1:
        raise EtlError(f"{missing[0]} ontbreekt", path)
    if missing:
        raise EtlError(f"{', '.join(missing)} ontbreken", path)
    for name in _META_FIELDS:
        if found[name] is _WRONG_TYPE:
            raise EtlError(f"$.{name} is geen tekst", path)
    if leveringen_event is None:
        raise EtlError("$.leveringen ontbreekt", path)
    if leveringen_event != "start_array":
        raise EtlError("$.leveringen is geen lijst", path)
    return found


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while one levering is built and read.

    Parsed JSON is a tree without reference cycles, so reference counting frees it; but
    creating millions of containers that stay alive makes the collector rescan them again and
    again, which about doubles the time to read a levering.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _next_levering(leveringen: Iterator[Any], f: BinaryIO, path: Path) -> Any:
    """Build the next levering (``_END`` after the last), turning parser failures into EtlError.

    The EtlError is raised outside the ``except`` block so that it carries no chained parser
    exception: ijson's message quotes the surrounding JSON text, which may hold personal data.
    """
    failure: Exception | None = None
    try:
        return next(leveringen, _END)
    except (ijson.JSONError, ValueError) as exc:
        failure = exc
    raise _json_error(failure, f, path)


def _read_levering(
    levering: Any,
    index: int,
    first_row: int,
    file_delivery: Delivery,
    meta: dict[str, str],
    keep_bsn: bool,
    path: Path,
) -> ExtractBatch:
    """Turn one parsed levering into a batch for its gemeente.

    The delivery key leaves out the levering's ``teller``: several leveringen for the same
    gemeente and period in one file are parts of one delivery.
    """
    base = f"$.leveringen[{index}]"
    if type(levering) is not dict:
        raise EtlError(f"{base} is geen object", path)
    gemeentecode = _read_gemeentecode(levering, base, path)
    delivery = replace(
        file_delivery,
        source_format=f"ddas-json-{sniff_ddas_version(levering)}",
        delivery_key=(
            f"ddas:{meta['codeGegevensleverancier']}:{gemeentecode}:"
            f"{meta['startdatumLevering']}:{meta['einddatumLevering']}"
        ),
    )
    signals = _list_field(levering, "vroegsignalen", base, path)
    zaken = _list_field(levering, "vroegsignaalzaken", base, path)
    batch = ExtractBatch(
        delivery=delivery,
        signals=_signals_frame(signals, base, first_row, gemeentecode, keep_bsn),
        **_case_frames(zaken, base),
    )
    logger.info(
        "levering %d for %s (%s): %d signals, %d rejected; %d cases, %d rejected; "
        "%d contact attempts",
        index,
        gemeentecode,
        delivery.source_format,
        len(batch.signals),
        int(batch.signals["reject_reason"].notna().sum()),
        len(batch.cases),
        int(batch.cases["reject_reason"].notna().sum()),
        len(batch.contacts),
    )
    return batch


def _read_gemeentecode(levering: dict, base: str, path: Path) -> str:
    """Return the levering's gemeentecode as ``GMxxxx``, the CBS form used everywhere else."""
    raw = levering.get("gemeentecode")
    if raw is None:
        raise EtlError(f"{base}.gemeentecode ontbreekt", path)
    code = _normalise_gemeentecode(raw)
    if code is None:
        raise EtlError(
            f"{base}.gemeentecode is geen gemeentecode (verwacht vier cijfers, zoals 0014 "
            f"of GM0014)",
            path,
        )
    return code


def _normalise_gemeentecode(raw: Any) -> str | None:
    """Map "0014", "14", "GM0014" (and the integer 14) to "GM0014"; None when it is no code."""
    if type(raw) is int:
        digits = str(raw) if raw >= 0 else ""
    elif type(raw) is str:
        digits = raw.strip()
        if digits[:2].upper() == "GM":
            digits = digits[2:]
    else:
        return None
    if not (1 <= len(digits) <= 4 and digits.isascii() and digits.isdigit()):
        return None
    return f"GM{digits.zfill(4)}"


def _list_field(levering: dict, key: str, base: str, path: Path) -> list:
    """Return a levering's list (absent or null means empty); anything else is fatal."""
    value = levering.get(key)
    if value is None:
        return []
    if type(value) is not list:
        raise EtlError(f"{base}.{key} is geen lijst", path)
    return value


def _parse_date(text: str) -> date | None:
    """Parse an ISO date of the delivery period; None when it is not one."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _signals_frame(
    signals: list, base: str, first_row: int, gemeentecode: str, keep_bsn: bool
) -> pd.DataFrame:
    """Turn one levering's vroegsignalen into the signals frame, one row per array item."""
    n = len(signals)
    prefix = f"{base}.vroegsignalen["
    refs = [f"{prefix}{k}]" for k in range(n)]
    rows = [_read_signal(signal, ref, keep_bsn) for signal, ref in zip(signals, refs, strict=True)]
    columns: dict[str, list] = {
        "source_row": list(range(first_row, first_row + n)),
        "source_ref": refs,
        "gemeentecode": [gemeentecode] * n,
    }
    columns.update(_columns(_SIGNAL_ROW_COLUMNS, rows))
    return signal_frame(columns)


def _read_signal(signal: Any, ref: str, keep_bsn: bool) -> tuple:
    """Copy the allowed fields of one signal in ``_SIGNAL_ROW_COLUMNS`` order, quickly.

    This is the path a million well-formed signals take: fetch, check every type in one
    expression, return. Anything unusual (a wrong type, a missing object, a bedrag written as
    450.0) goes to :func:`_check_signal`, which reads the same fields and says what is wrong.
    Nothing else of the signal is read: names, birth date, street and place stay behind.
    """
    if type(signal) is dict:
        get = signal.get
        signaalpartner = get("signaalpartner")
        client = get("client")
        if type(signaalpartner) is dict and type(client) is dict:
            signal_id = get("ID")
            signaaldatum = get("signaaldatum")
            ontstaansdatum = get("ontstaansdatum")
            status = get("status")
            bedrag = get("bedrag")
            is_crisis = get("crisissignaal")
            is_warm = get("warmeOverdracht")
            partner = signaalpartner.get("type")
            client_get = client.get
            bsn = client_get("burgerservicenummer")
            if bsn is None:
                bsn = client_get("Burgerservicenummer")
            postcode = client_get("postcode")
            if postcode is None:
                postcode = client_get("Postcode")
            huisnummer = client_get("huisnummer")
            if huisnummer is None:
                huisnummer = client_get("Huisnummer")
            toevoeging = client_get("huisnummertoevoeging")
            if toevoeging is None:
                toevoeging = client_get("Huisnummertoevoeging")
            if (
                type(signal_id) is str
                and type(bedrag) in _INT_OR_NONE
                and type(signaaldatum) in _TEXT_OR_NONE
                and type(ontstaansdatum) in _TEXT_OR_NONE
                and type(status) in _TEXT_OR_NONE
                and type(partner) in _TEXT_OR_NONE
                and type(is_crisis) in _BOOL_OR_NONE
                and type(is_warm) in _BOOL_OR_NONE
                and type(bsn) in _TEXT_OR_NONE
                and type(postcode) in _TEXT_OR_NONE
                and type(huisnummer) in _TEXT_OR_NONE
                and type(toevoeging) in _TEXT_OR_NONE
            ):
                return (
                    signal_id,
                    signaaldatum,
                    ontstaansdatum,
                    partner,
                    None if bedrag is None else str(bedrag),
                    status,
                    is_crisis,
                    is_warm,
                    postcode,
                    huisnummer,
                    toevoeging,
                    bool(bsn) and not bsn.isspace(),
                    bsn if keep_bsn else None,
                    None,
                    None,
                )
    return _check_signal(signal, ref, keep_bsn)


def _check_signal(signal: Any, ref: str, keep_bsn: bool) -> tuple:
    """Read one signal like :func:`_read_signal`, naming every schema violation by its path."""
    if type(signal) is not dict:
        return (*_EMPTY_SIGNAL, False, None, _REJECT_SCHEMA, f"{ref}: {_NOT_OBJECT}")
    problems: list[str] = []
    get = signal.get

    signal_id = get("ID")
    if type(signal_id) is not str:
        problems.append(f"{ref}.ID: {_MISSING if signal_id is None else _NOT_TEXT}")
        signal_id = None

    signaaldatum = get("signaaldatum")
    if signaaldatum is not None and type(signaaldatum) is not str:
        problems.append(f"{ref}.signaaldatum: {_NOT_TEXT}")
        signaaldatum = None
    ontstaansdatum = get("ontstaansdatum")
    if ontstaansdatum is not None and type(ontstaansdatum) is not str:
        problems.append(f"{ref}.ontstaansdatum: {_NOT_TEXT}")
        ontstaansdatum = None
    status = get("status")
    if status is not None and type(status) is not str:
        problems.append(f"{ref}.status: {_NOT_TEXT}")
        status = None

    bedrag = get("bedrag")
    if bedrag is not None:
        if type(bedrag) is int:
            bedrag = str(bedrag)
        elif type(bedrag) is float and bedrag.is_integer():
            bedrag = str(int(bedrag))
        else:
            problems.append(f"{ref}.bedrag: {_NOT_INTEGER}")
            bedrag = None

    is_crisis = get("crisissignaal")
    if is_crisis is not None and type(is_crisis) is not bool:
        problems.append(f"{ref}.crisissignaal: {_NOT_BOOL}")
        is_crisis = None
    is_warm = get("warmeOverdracht")
    if is_warm is not None and type(is_warm) is not bool:
        problems.append(f"{ref}.warmeOverdracht: {_NOT_BOOL}")
        is_warm = None

    partner = None
    signaalpartner = get("signaalpartner")
    if type(signaalpartner) is dict:
        partner = signaalpartner.get("type")
        if partner is not None and type(partner) is not str:
            problems.append(f"{ref}.signaalpartner.type: {_NOT_TEXT}")
            partner = None
    else:
        problems.append(
            f"{ref}.signaalpartner: {_MISSING if signaalpartner is None else _NOT_OBJECT}"
        )

    postcode = huisnummer = toevoeging = bsn = None
    has_bsn = False
    client = get("client")
    if type(client) is dict:
        bsn = _client_text(client, "burgerservicenummer", "Burgerservicenummer", ref, problems)
        has_bsn = bool(bsn) and not bsn.isspace()
        if not keep_bsn:
            bsn = None
        postcode = _client_text(client, "postcode", "Postcode", ref, problems)
        huisnummer = _client_text(client, "huisnummer", "Huisnummer", ref, problems)
        toevoeging = _client_text(
            client, "huisnummertoevoeging", "Huisnummertoevoeging", ref, problems
        )
    else:
        problems.append(f"{ref}.client: {_MISSING if client is None else _NOT_OBJECT}")

    if problems:
        reject_reason, reject_detail = _REJECT_SCHEMA, "; ".join(problems)
    else:
        reject_reason = reject_detail = None
    return (
        signal_id,
        signaaldatum,
        ontstaansdatum,
        partner,
        bedrag,
        status,
        is_crisis,
        is_warm,
        postcode,
        huisnummer,
        toevoeging,
        has_bsn,
        bsn,
        reject_reason,
        reject_detail,
    )


def _client_text(client: dict, key: str, old_key: str, ref: str, problems: list[str]) -> Any:
    """Read a client field under its 1.2 (lowercase) or 0.9 (capitalised) key, as text."""
    value = client.get(key)
    if value is None:
        value = client.get(old_key)
        key = old_key
    if value is None or type(value) is str:
        return value
    problems.append(f"{ref}.client.{key}: {_NOT_TEXT}")
    return None


def _case_frames(zaken: list, base: str) -> dict[str, pd.DataFrame]:
    """Turn one levering's vroegsignaalzaken into the cases, case-signal and contact frames."""
    cases: list[tuple] = []
    links: list[tuple] = []
    contacts: list[tuple] = []
    prefix = f"{base}.vroegsignaalzaken["
    for j, zaak in enumerate(zaken):
        cases.append(_read_case(zaak, f"{prefix}{j}]", links, contacts))
    return {
        "cases": case_frame(_columns(CASE_COLUMNS, cases)),
        "case_signals": case_signal_frame(_columns(CASE_SIGNAL_COLUMNS, links)),
        "contacts": contact_frame(_columns(CONTACT_COLUMNS, contacts)),
    }


def _columns(names: tuple[str, ...], rows: list[tuple]) -> dict[str, list]:
    """Transpose row tuples into the column lists the frame builders take."""
    if not rows:
        return {name: [] for name in names}
    return dict(zip(names, map(list, zip(*rows, strict=True)), strict=True))


def _read_case(zaak: Any, ref: str, links: list[tuple], contacts: list[tuple]) -> tuple:
    """Read one vroegsignaalzaak in ``CASE_COLUMNS`` order and append its links and contacts.

    The quick path for well-formed cases, like :func:`_read_signal`; anything unusual goes to
    :func:`_check_case`.
    """
    if type(zaak) is dict:
        get = zaak.get
        resultaat = get("resultaat")
        matchingsdatum = get("matchingsdatum")
        opgepakt = get("datumOpgepakt")
        if opgepakt is None:
            opgepakt = get("datum_opgepakt")
        start = get("startdatumMatchingperiode")
        if start is None:
            start = get("startdatum_matchingperiode")
            if start is None:
                start = get("startdatum_matchtingperiode")
        end = get("einddatumMatchingperiode")
        if end is None:
            end = get("einddatum_matchingperiode")
        signal_refs = get("vroegsignalen")
        attempts = get("contactpogingen")
        if (
            type(resultaat) in _TEXT_OR_NONE
            and type(matchingsdatum) in _TEXT_OR_NONE
            and type(opgepakt) in _TEXT_OR_NONE
            and type(start) in _TEXT_OR_NONE
            and type(end) in _TEXT_OR_NONE
            and type(signal_refs) in _LIST_OR_NONE
            and type(attempts) in _LIST_OR_NONE
        ):
            new_links = []
            for item in signal_refs or ():
                signal_id = item.get("ID") if type(item) is dict else None
                if type(signal_id) is not str:
                    break
                new_links.append((ref, signal_id))
            else:
                new_contacts = []
                for attempt in attempts or ():
                    if type(attempt) is not dict:
                        break
                    soort = attempt.get("soort")
                    bereikt = attempt.get("bereikt")
                    datum = attempt.get("datum")
                    dagdeel = attempt.get("dagdeel")
                    if not (
                        type(soort) in _TEXT_OR_NONE
                        and type(bereikt) in _BOOL_OR_NONE
                        and type(datum) in _TEXT_OR_NONE
                        and type(dagdeel) in _TEXT_OR_NONE
                    ):
                        break
                    new_contacts.append((ref, soort, bereikt, datum, dagdeel))
                else:
                    links.extend(new_links)
                    contacts.extend(new_contacts)
                    return (ref, resultaat, matchingsdatum, opgepakt, start, end, None, None)
    return _check_case(zaak, ref, links, contacts)


def _check_case(zaak: Any, ref: str, links: list[tuple], contacts: list[tuple]) -> tuple:
    """Read one case like :func:`_read_case`, naming every schema violation by its path.

    Every item of the case's ``vroegsignalen`` and ``contactpogingen`` becomes a row, so counts
    add up; a malformed item leaves empty cells and marks the case as rejected.
    """
    if type(zaak) is not dict:
        return (ref, None, None, None, None, None, _REJECT_SCHEMA, f"{ref}: {_NOT_OBJECT}")
    problems: list[str] = []

    resultaat = zaak.get("resultaat")
    if resultaat is not None and type(resultaat) is not str:
        problems.append(f"{ref}.resultaat: {_NOT_TEXT}")
        resultaat = None
    dates: dict[str, Any] = {}
    for column, keys in _CASE_DATE_FIELDS:
        value = None
        for key in keys:
            value = zaak.get(key)
            if value is not None:
                if type(value) is not str:
                    problems.append(f"{ref}.{key}: {_NOT_TEXT}")
                    value = None
                break
        dates[column] = value

    signal_refs = zaak.get("vroegsignalen")
    if type(signal_refs) is list:
        for k, item in enumerate(signal_refs):
            signal_id = item.get("ID") if type(item) is dict else None
            if type(item) is not dict:
                problems.append(f"{ref}.vroegsignalen[{k}]: {_NOT_OBJECT}")
            elif type(signal_id) is not str:
                missing = _MISSING if signal_id is None else _NOT_TEXT
                problems.append(f"{ref}.vroegsignalen[{k}].ID: {missing}")
                signal_id = None
            links.append((ref, signal_id))
    elif signal_refs is not None:
        problems.append(f"{ref}.vroegsignalen: {_NOT_LIST}")

    attempts = zaak.get("contactpogingen")
    if type(attempts) is list:
        for m, attempt in enumerate(attempts):
            contacts.append(_check_contact(attempt, f"{ref}.contactpogingen[{m}]", ref, problems))
    elif attempts is not None:
        problems.append(f"{ref}.contactpogingen: {_NOT_LIST}")

    if problems:
        reject_reason, reject_detail = _REJECT_SCHEMA, "; ".join(problems)
    else:
        reject_reason = reject_detail = None
    return (
        ref,
        resultaat,
        dates["matchingsdatum"],
        dates["datum_opgepakt"],
        dates["startdatum_matchingperiode"],
        dates["einddatum_matchingperiode"],
        reject_reason,
        reject_detail,
    )


def _check_contact(attempt: Any, ref: str, case_ref: str, problems: list[str]) -> tuple:
    """Read one contactpoging in ``CONTACT_COLUMNS`` order; problems go to the owning case."""
    if type(attempt) is not dict:
        problems.append(f"{ref}: {_NOT_OBJECT}")
        return (case_ref, None, None, None, None)
    values = []
    for key in ("soort", "datum", "dagdeel"):
        value = attempt.get(key)
        if value is not None and type(value) is not str:
            problems.append(f"{ref}.{key}: {_NOT_TEXT}")
            value = None
        values.append(value)
    bereikt = attempt.get("bereikt")
    if bereikt is not None and type(bereikt) is not bool:
        problems.append(f"{ref}.bereikt: {_NOT_BOOL}")
        bereikt = None
    soort, datum, dagdeel = values
    return (case_ref, soort, bereikt, datum, dagdeel)
