"""Download a gemeente's CBS wijk/buurt boundaries from PDOK, so no one has to fetch files by hand.

Two PDOK services publish the same "CBS Wijken en Buurten <jaar>" data; this module asks the
WFS first and falls back to the OGC API Features:

* **Primary: the WFS** ``https://service.pdok.nl/cbs/wijkenbuurten/<jaar>/wfs/v1_0``.
  It filters on the server (an OGC/FES XML ``FILTER`` on ``gemeentecode``; MapServer ignores
  ``CQL_FILTER``), so one request of ``count`` features brings exactly the gemeente. It is
  published for every recent year, 2025 included, and asked for ``EPSG:4326`` GeoJSON.
* **Fallback: the OGC API Features** ``https://api.pdok.nl/cbs/wijken-en-buurten-<jaar>/ogc/v1``.
  Clean GeoJSON (CRS84) with ``links[rel=next]`` paging, but no documented attribute filter
  and no 2025 endpoint. It takes two steps: look up the gemeente polygon in ``gemeenten``,
  then fetch the buurten/wijken in its bounding box and keep those whose ``gemeentecode``
  matches (the box also catches neighbours).

Whatever answered, the features are checked to be in the gemeente, put in lon/lat order
(MapServer may answer lat/lon for EPSG:4326), stripped to the boundary attributes (code,
name, wijkcode, gemeentecode/-naam, water, indelingswijziging, jaar) and written as one
GeoJSON FeatureCollection that :func:`etl.extract.cbs_boundaries.read_boundaries` reads.
The KWB figures PDOK also carries are dropped: they come from CBS OData, where secret
values are marked, instead of the ``-99997`` sentinels PDOK uses.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
from shapely.geometry import shape

from etl.errors import EtlError

log = logging.getLogger(__name__)

WFS_URL = "https://service.pdok.nl/cbs/wijkenbuurten/{year}/wfs/v1_0"
OGC_API_URL = "https://api.pdok.nl/cbs/wijken-en-buurten-{year}/ogc/v1"
#: Features per request; the WFS and the OGC API both allow 1000.
PAGE_SIZE = 1000
#: Guard against a service that keeps sending "next" links.
MAX_PAGES = 200

_COLLECTIONS = {"buurt": "buurten", "wijk": "wijken", "gemeente": "gemeenten"}
_KEEP = ("buurtcode", "buurtnaam", "wijkcode", "wijknaam", "gemeentecode", "gemeentenaam",
         "water", "jaar", "jrstatcode")
_GEMEENTE_CODE = re.compile(r"^(?:GM)?([0-9]{1,4})$")
_UNREACHABLE = "PDOK niet bereikbaar (geen internet?)"


class _PdokUnreachableError(EtlError):
    """No answer at all: offline, DNS failure, refused connection or timeout."""


class _PdokNotFoundError(EtlError):
    """PDOK answered, but nothing of the asked gemeenten."""


class _PdokHttpError(EtlError):
    """PDOK answered with an HTTP error status."""

    def __init__(self, status: int, problem: str) -> None:
        self.status = status
        super().__init__(problem)


def _normalise_gemeente(code: object) -> str | None:
    match = _GEMEENTE_CODE.match(str(code or "").strip().upper())
    return f"GM{match.group(1).zfill(4)}" if match else None


def _get_feature_collection(session: requests.Session, url: str, params: dict[str, Any] | None,
                            timeout: float, service: str) -> dict[str, Any]:
    """GET one page and insist on a GeoJSON FeatureCollection."""
    try:
        response = session.get(url, params=params, timeout=timeout)
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise _PdokUnreachableError(f"{_UNREACHABLE}: {service}") from exc
    except requests.RequestException as exc:
        raise EtlError(f"{service}: verzoek mislukt ({type(exc).__name__})") from exc
    if response.status_code >= 400:
        hint = " (bestaat deze jaargang bij PDOK?)" if response.status_code == 404 else ""
        raise _PdokHttpError(response.status_code,
                             f"{service} gaf HTTP {response.status_code}{hint}")
    try:
        data = response.json()
    except ValueError:
        text = response.text.lstrip()
        exception = re.search(r"<(?:\w+:)?ExceptionText>(.*?)</", text, re.DOTALL)
        detail = (f"foutmelding: {exception.group(1).strip()[:200]}" if exception
                  else f"Content-Type {response.headers.get('Content-Type', 'onbekend')}")
        raise EtlError(f"{service} gaf geen GeoJSON terug ({detail})") from None
    if (not isinstance(data, dict) or data.get("type") != "FeatureCollection"
            or not isinstance(data.get("features"), list)):
        raise EtlError(f"{service} gaf geen GeoJSON FeatureCollection terug")
    return data


def _wfs_filter(codes: list[str]) -> str:
    clauses = "".join(
        f"<PropertyIsEqualTo><PropertyName>gemeentecode</PropertyName>"
        f"<Literal>{code}</Literal></PropertyIsEqualTo>"
        for code in codes
    )
    return f"<Filter>{f'<Or>{clauses}</Or>' if len(codes) > 1 else clauses}</Filter>"


def _fetch_wfs(session: requests.Session, year: int, codes: list[str], level: str,
               timeout: float) -> list[dict[str, Any]]:
    """Page through a filtered WFS GetFeature with startIndex until a short page."""
    service = f"PDOK WFS wijkenbuurten {year}"
    url = WFS_URL.format(year=year)
    features: list[dict[str, Any]] = []
    for page in range(MAX_PAGES):
        params = {
            "service": "WFS",
            "version": "2.0.0",
            "request": "GetFeature",
            "typeNames": f"wijkenbuurten:{_COLLECTIONS[level]}",
            "outputFormat": "application/json",
            "srsName": "EPSG:4326",
            "count": PAGE_SIZE,
            "startIndex": page * PAGE_SIZE,
            "FILTER": _wfs_filter(codes),
        }
        data = _get_feature_collection(session, url, params, timeout, service)
        batch = data["features"]
        features.extend(batch)
        matched = data.get("numberMatched")
        if len(batch) < PAGE_SIZE or (isinstance(matched, int) and len(features) >= matched):
            break
    else:
        raise EtlError(f"{service} bleef pagina's sturen (meer dan {MAX_PAGES})")
    return _keep_gemeenten(features, codes, level, year, service)


def _ogc_pages(session: requests.Session, url: str, params: dict[str, Any], timeout: float,
               service: str) -> Iterator[list[dict[str, Any]]]:
    """Yield the features of each page, following ``links[rel=next]``."""
    next_url: str | None = url
    next_params: dict[str, Any] | None = params
    for _ in range(MAX_PAGES):
        if next_url is None:
            return
        data = _get_feature_collection(session, next_url, next_params, timeout, service)
        yield data["features"]
        links = data.get("links") if isinstance(data.get("links"), list) else []
        next_url = next((link.get("href") for link in links
                         if isinstance(link, dict) and link.get("rel") == "next"), None)
        next_params = None
    raise EtlError(f"{service} bleef pagina's sturen (meer dan {MAX_PAGES})")


def _find_gemeenten_ogc(session: requests.Session, base: str, codes: list[str], year: int,
                        timeout: float, service: str) -> list[dict[str, Any]]:
    """Find the gemeente features; try the property filter, list them all if it is refused."""
    url = f"{base}/collections/gemeenten/items"
    found: list[dict[str, Any]] = []
    try:
        for code in codes:
            params = {"f": "json", "limit": PAGE_SIZE, "gemeentecode": code}
            for batch in _ogc_pages(session, url, params, timeout, service):
                found.extend(batch)
    except _PdokHttpError as exc:
        if exc.status != 400:
            raise
        log.info("%s: no gemeentecode filter, listing all gemeenten", service)
        found = [f for batch in _ogc_pages(session, url, {"f": "json", "limit": PAGE_SIZE},
                                           timeout, service) for f in batch]
    return _keep_gemeenten(found, codes, "gemeente", year, service)


def _fetch_ogc_api(session: requests.Session, year: int, codes: list[str], level: str,
                   timeout: float) -> list[dict[str, Any]]:
    """Look up the gemeente's bounding box, then page through its buurten/wijken."""
    service = f"PDOK OGC API wijken-en-buurten-{year}"
    base = OGC_API_URL.format(year=year)
    gemeenten = _find_gemeenten_ogc(session, base, codes, year, timeout, service)
    if level == "gemeente":
        return gemeenten
    bounds = [shape(f["geometry"]).bounds for f in gemeenten if f.get("geometry")]
    if not bounds:
        raise EtlError(f"{service}: gemeente zonder geometrie, geen zoekgebied voor "
                       f"{_COLLECTIONS[level]}")
    # Rounded outwards to 6 decimals (about 0.1 m) so the box never clips the gemeente.
    bbox = (math.floor(min(b[0] for b in bounds) * 1e6) / 1e6,
            math.floor(min(b[1] for b in bounds) * 1e6) / 1e6,
            math.ceil(max(b[2] for b in bounds) * 1e6) / 1e6,
            math.ceil(max(b[3] for b in bounds) * 1e6) / 1e6)
    params = {"f": "json", "limit": PAGE_SIZE, "bbox": ",".join(f"{v:.6f}" for v in bbox)}
    url = f"{base}/collections/{_COLLECTIONS[level]}/items"
    features = [f for batch in _ogc_pages(session, url, params, timeout, service) for f in batch]
    return _keep_gemeenten(features, codes, level, year, service)


def _keep_gemeenten(features: list[dict[str, Any]], codes: list[str], level: str, year: int,
                    service: str) -> list[dict[str, Any]]:
    """Keep the features of the asked gemeenten; the bbox or a lax server may bring others."""
    properties = [f.get("properties") or {} for f in features if isinstance(f, dict)]
    if properties and not any("gemeentecode" in p for p in properties):
        raise EtlError(f"{service}: antwoord mist het attribuut gemeentecode")
    wanted = set(codes)
    kept = [f for f, p in zip(features, properties, strict=True)
            if _normalise_gemeente(p.get("gemeentecode")) in wanted]
    if not kept:
        raise _PdokNotFoundError(f"geen {_COLLECTIONS[level]} gevonden voor "
                                 f"{', '.join(codes)} in {service}")
    log.info("%s: %d %s kept of %d received", service, len(kept), _COLLECTIONS[level],
             len(features))
    return kept


def _map_coordinates(coordinates: Any, swap: bool) -> Any:
    if coordinates and isinstance(coordinates[0], int | float):
        return [coordinates[1], coordinates[0], *coordinates[2:]] if swap else list(coordinates)
    return [_map_coordinates(c, swap) for c in coordinates]


def _first_position(coordinates: Any) -> list[float] | None:
    while coordinates and not isinstance(coordinates[0], int | float):
        coordinates = coordinates[0]
    return coordinates or None


def _is_lat_lon(features: list[dict[str, Any]]) -> bool:
    """The Netherlands lie at lon 3-7.3, lat 50.7-53.6: a first value near 52 is latitude."""
    for feature in features:
        position = _first_position((feature.get("geometry") or {}).get("coordinates"))
        if position:
            return 50 <= position[0] <= 54 and 2 <= position[1] <= 8
    return False


def _slim_feature(feature: dict[str, Any], swap: bool) -> dict[str, Any]:
    properties = feature.get("properties") or {}
    kept = {key: value for key, value in properties.items()
            if key.lower() in _KEEP or key.lower().startswith("indelingswijziging")}
    geometry = feature.get("geometry")
    if geometry and swap and "coordinates" in geometry:
        geometry = {**geometry, "coordinates": _map_coordinates(geometry["coordinates"], True)}
    return {"type": "Feature", "properties": kept, "geometry": geometry}


def download_boundaries(year: int, gemeenten: list[str], level: str, dest_dir: Path, *,
                        timeout: float = 60, session: requests.Session | None = None) -> Path:
    """Fetch the buurt or wijk boundaries of gemeenten from PDOK into a GeoJSON file.

    Parameters
    ----------
    year
        Year of the "CBS Wijken en Buurten" edition, e.g. 2024.
    gemeenten
        Gemeente codes, ``"GM0014"`` or ``"0014"``.
    level
        ``"buurt"`` or ``"wijk"`` (``"gemeente"`` gives the gemeente outline).
    dest_dir
        Folder for the file; created when missing.
    timeout
        Seconds to wait for each HTTP request.
    session
        A ``requests.Session`` to reuse (and to mock in tests); a new one by default.

    Returns
    -------
    pathlib.Path
        ``dest_dir / "pdok_<level>en_<year>_<GM...>.geojson"`` in EPSG:4326 (lon/lat),
        readable with :func:`etl.extract.cbs_boundaries.read_boundaries`.
    """
    if level not in _COLLECTIONS:
        raise EtlError(f"onbekend niveau {level!r} (kies buurt, wijk of gemeente)")
    if not gemeenten:
        raise EtlError("geen gemeentecode opgegeven voor het ophalen van grenzen bij PDOK")
    codes = list(dict.fromkeys(_normalise_gemeente(g) or "" for g in gemeenten))
    if "" in codes:
        raise EtlError(f"ongeldige gemeentecode in {', '.join(map(str, gemeenten))} "
                       "(verwacht bijvoorbeeld GM0014)")
    year = int(year)
    session = session or requests.Session()
    try:
        features = _fetch_wfs(session, year, codes, level, timeout)
    except EtlError as primary:
        log.warning("PDOK WFS failed (%s); trying the OGC API", primary)
        try:
            features = _fetch_ogc_api(session, year, codes, level, timeout)
        except EtlError as fallback:
            both = (type(primary), type(fallback))
            if both == (_PdokUnreachableError, _PdokUnreachableError):
                raise EtlError(f"{_UNREACHABLE}: {_COLLECTIONS[level]} {year} voor "
                               f"{', '.join(codes)} niet opgehaald") from fallback
            if both == (_PdokNotFoundError, _PdokNotFoundError):
                raise EtlError(f"geen {_COLLECTIONS[level]} gevonden voor {', '.join(codes)} "
                               f"bij PDOK (jaargang {year}); klopt de gemeentecode?"
                               ) from fallback
            raise EtlError(f"{primary}; ook de terugval faalde: {fallback}") from fallback
    swap = _is_lat_lon(features)
    if swap:
        log.info("PDOK answered lat/lon; swapping to lon/lat")
    collection = {
        "type": "FeatureCollection",
        "name": f"pdok_{_COLLECTIONS[level]}_{year}",
        "features": [_slim_feature(f, swap) for f in features],
    }
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / f"pdok_{_COLLECTIONS[level]}_{year}_{'-'.join(codes)}.geojson"
    partial = target.with_name(target.name + ".part")
    partial.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    partial.replace(target)
    log.info("%s: %d %s written", target.name, len(features), _COLLECTIONS[level])
    return target
