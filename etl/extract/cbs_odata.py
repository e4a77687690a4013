"""Fetch CBS "Kerncijfers wijken en buurten" straight from the CBS OData API, no CSV export needed.

Uses the maintained ``cbsodata`` client (ODataFeed, follows ``odata.nextLink``). Column keys
carry a numeric suffix that shifts when CBS revises a table (``HuishoudensMetEenLaagInkomen_87``
in one version, ``_89`` in the next), so the keys are looked up in ``DataProperties`` by their
stem, with the column title as a second chance, and never hard-coded.

Two quirks of the API shape this module:

* ``cbsodata.get_data`` replaces a dimension value by its title, so ``WijkenEnBuurten``
  holds "Groningen" instead of ``GM0014``; the code is taken from the ``Codering`` topic.
* In ``TypedDataSet`` a secret or unknown figure is JSON ``null``; it becomes NULL with the
  reason ``"geheim of onbekend (CBS)"``, just like ``.`` in a StatLine CSV export.

``cbsodata.get_data`` also downloads the table's metadata entity sets (TableInfos,
CategoryGroups and the whole ``WijkenEnBuurten`` dimension, a few MB for a KWB table): the
client offers no way to skip them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TypeVar

import cbsodata
import pandas as pd
import requests

from etl.errors import EtlError
from etl.extract.cbs_kwb import MEASURES, frame_to_indicators, match_measure_columns

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Reporting year -> CBS table id of "Kerncijfers wijken en buurten".
KWB_TABLES: dict[int, str] = {
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
    2025: "86165NED",
}

#: Marker that :func:`etl.extract.cbs_kwb.parse_statline_values` reads as
#: "geheim of onbekend (CBS)"; a JSON null in TypedDataSet means exactly that.
_SECRET_MARKER = "."
_GEMEENTE_CODE = re.compile(r"^(?:GM)?([0-9]{1,4})$")


def table_for_year(year: int) -> str:
    """Name the KWB table of a year, so callers never copy table ids around.

    Parameters
    ----------
    year
        Reporting year of the figures (the "peiljaar" of the table).

    Returns
    -------
    str
        CBS table id, e.g. ``"85984NED"`` for 2024.
    """
    try:
        return KWB_TABLES[int(year)]
    except (KeyError, ValueError, TypeError):
        known = ", ".join(str(y) for y in sorted(KWB_TABLES))
        raise EtlError(f"geen CBS-tabel kerncijfers wijken en buurten bekend voor jaar {year} "
                       f"(bekend: {known})") from None


def _normalise_gemeente(code: str) -> str:
    match = _GEMEENTE_CODE.match(str(code).strip().upper())
    if match is None:
        raise EtlError(f"ongeldige gemeentecode {code!r} (verwacht bijvoorbeeld GM0014)")
    return match.group(1).zfill(4)


def _region_filter(gemeenten: list[str]) -> str:
    numbers = dict.fromkeys(_normalise_gemeente(g) for g in gemeenten)
    return " or ".join(
        f"startswith(WijkenEnBuurten,'{prefix}{number}')"
        for number in numbers
        for prefix in ("GM", "WK", "BU")
    )


def _call_cbs(table_id: str, fetch: Callable[[], T]) -> T:
    """Run one cbsodata call and turn every way it can fail into one clear EtlError."""
    try:
        return fetch()
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise EtlError(f"CBS OData niet bereikbaar (geen internet?): {table_id}") from exc
    except requests.HTTPError as exc:
        # cbsodata re-raises HTTPError without the response; the original is the cause.
        original = exc.__cause__ if isinstance(exc.__cause__, requests.HTTPError) else exc
        status = getattr(original.response, "status_code", None)
        hint = " (bestaat deze tabel?)" if status == 404 else ""
        raise EtlError(f"CBS OData gaf HTTP {status or 'fout'} voor tabel {table_id}{hint}"
                       ) from exc
    except requests.RequestException as exc:
        raise EtlError(f"CBS OData-verzoek mislukt ({type(exc).__name__}): {table_id}") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise EtlError(f"onverwacht antwoord van CBS OData (geen OData-JSON): {table_id}"
                       ) from exc


def _key_stem(key: str) -> str:
    return re.sub(r"_\d+$", "", key.strip())


def _choose_keys(properties: list[dict], table_id: str) -> tuple[str, str | None, dict[str, str]]:
    """Pick the Codering, SoortRegio and measure keys from DataProperties."""
    topics = [p for p in properties if isinstance(p, dict) and p.get("Key")
              and not str(p.get("Type") or p.get("odata.type") or "").endswith("Dimension")]
    if not topics:
        raise EtlError(f"DataProperties van CBS-tabel {table_id} bevat geen onderwerpen")
    by_stem = {}
    for prop in topics:
        by_stem.setdefault(_key_stem(prop["Key"]).lower(), prop["Key"])
    code_key = by_stem.get("codering")
    if code_key is None:
        raise EtlError(f"CBS-tabel {table_id} heeft geen kolom Codering met regiocodes")
    keys = [p["Key"] for p in topics]
    measures = match_measure_columns(keys)
    missing = [m for m in MEASURES if m not in measures]
    if missing:
        title_to_key: dict[str, str] = {}
        for prop in topics:
            title_to_key.setdefault(str(prop.get("Title") or ""), prop["Key"])
        by_title = match_measure_columns([t for t in title_to_key if t])
        for measure in missing:
            if measure in by_title:
                measures[measure] = title_to_key[by_title[measure]]
    if not measures:
        raise EtlError(f"geen bekende kengetallen gevonden in CBS-tabel {table_id} (inwoners, "
                       "huishoudens, laag inkomen, sociaal minimum)")
    return code_key, by_stem.get("soortregio"), measures


def _as_text(value: object) -> str:
    """Render a TypedDataSet cell the way a StatLine CSV would, null as the secret marker."""
    if value is None:
        return _SECRET_MARKER
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_kwb_table(table_id: str, gemeenten: list[str] | None = None, *,
                   timeout: float = 60) -> pd.DataFrame:
    """Download the KWB figures of one table, for some gemeenten or for the whole country.

    Parameters
    ----------
    table_id
        CBS table id, e.g. ``"85984NED"``; see :data:`KWB_TABLES` and :func:`table_for_year`.
    gemeenten
        Gemeente codes (``"GM0014"`` or ``"0014"``); their gemeente, wijk and buurt rows are
        fetched. ``None`` fetches every region in the table.
    timeout
        Seconds to wait for each HTTP request.

    Returns
    -------
    pandas.DataFrame
        Long indicator rows ``area_code``, ``measure``, ``value`` (Float64), ``null_reason``,
        as :func:`etl.extract.cbs_kwb.frame_to_indicators` returns them.
    """
    table_id = str(table_id).strip()
    filters = _region_filter(gemeenten) if gemeenten else None
    properties = _call_cbs(table_id, lambda: cbsodata.get_meta(table_id, "DataProperties",
                                                               timeout=timeout))
    if not isinstance(properties, list):
        raise EtlError(f"onverwacht antwoord van CBS OData (geen OData-JSON): {table_id}")
    code_key, region_type_key, measures = _choose_keys(properties, table_id)
    select = [code_key, *([region_type_key] if region_type_key else []), *measures.values()]
    rows = _call_cbs(table_id, lambda: cbsodata.get_data(table_id, select=select,
                                                         filters=filters, timeout=timeout))
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise EtlError(f"onverwacht antwoord van CBS OData (geen OData-JSON): {table_id}")
    if not rows:
        scope = ", ".join(gemeenten) if gemeenten else "heel Nederland"
        raise EtlError(f"CBS-tabel {table_id} gaf geen regio's terug voor {scope}")
    # Built from the dicts, not via a DataFrame, so a JSON null stays None instead of NaN.
    absent = [key for key in (code_key, *measures.values()) if key not in rows[0]]
    if absent:
        raise EtlError(f"CBS OData gaf de kolom(men) {', '.join(absent)} niet terug: {table_id}")
    frame = pd.DataFrame(
        {"Codering": [_as_text(row.get(code_key)) for row in rows]}, dtype="string")
    for measure, key in measures.items():
        frame[MEASURES[measure][0]] = pd.array([_as_text(row.get(key)) for row in rows],
                                               dtype="string")
    if region_type_key:
        kinds = pd.Series([str(row.get(region_type_key) or "").strip() for row in rows])
        log.info("%s: %s", table_id,
                 ", ".join(f"{n} {kind}" for kind, n in kinds.value_counts().items()))
    log.info("%s: %d regions, measures %s", table_id, len(frame), ", ".join(measures))
    return frame_to_indicators(frame, table_id)
