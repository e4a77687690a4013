"""Place each signal in its buurt: by address, else by coordinates, else by PC6.

Placement is vectorised: addresses become integer keys looked up in a sorted array, so the
national table (9 million addresses) costs one ``searchsorted``; coordinates go through one
spatial join. Every signal leaves with a buurt code or a reason why it has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa

from etl.extract.pc6_lookup import AddressTable
from etl.transform.normalise_address import (
    encode_addresses,
    encode_postcodes,
    normalise_house_numbers,
    normalise_postcode,
)

REASON_NO_ADDRESS = "geen adres"
REASON_BAD_POSTCODE = "ongeldige postcode"
REASON_NOT_FOUND = "adres niet gevonden"
REASON_OUTSIDE = "buiten gemeente"
#: The gemeente setting for a national installation: every gemeente is 'ours'.
NATIONAL = "*"
#: How a signal was placed, most trusted first.
METHODS: tuple[str, ...] = ("adres", "coordinaten", "pc6")
REASONS: tuple[str, ...] = (REASON_NO_ADDRESS, REASON_BAD_POSTCODE, REASON_NOT_FOUND,
                            REASON_OUTSIDE)


@dataclass
class AddressLookup:
    """The address table as sorted integer keys, built once per load.

    ``buurt`` and ``gemeente`` hold category codes into ``buurt_codes``/``gemeente_codes``,
    so 9 million rows cost a few bytes each. ``postcode_buurten`` counts the addresses per
    (PC6, buurt, gemeente): the PC6 fallback and the postcode summary read it.
    """

    keys: np.ndarray
    buurt: np.ndarray
    gemeente: np.ndarray
    buurt_codes: pd.Index
    gemeente_codes: pd.Index
    postcode_buurten: pd.DataFrame  # pc6 (code), buurt, gemeente (category codes), addresses
    _pc6_majority: pd.Series | None = field(default=None, repr=False)

    def pc6_majority(self) -> pd.Series:
        """Buurt (category code) that most addresses of each PC6 lie in, by PC6 code."""
        if self._pc6_majority is None:
            counts = (
                self.postcode_buurten.groupby(["pc6", "buurt"], sort=False)["addresses"].sum()
                .reset_index(name="n")
                .sort_values(["pc6", "n", "buurt"], ascending=[True, False, True])
            )
            first = counts.drop_duplicates("pc6")
            self._pc6_majority = pd.Series(first["buurt"].to_numpy(), index=first["pc6"])
        return self._pc6_majority

    def gemeente_of_buurt(self, buurt: np.ndarray) -> np.ndarray:
        """Gemeente category code for buurt category codes (buurt codes carry the gemeente)."""
        prefixes = "GM" + pd.Series(self.buurt_codes, dtype="string").str.slice(2, 6)
        table = self.gemeente_codes.get_indexer(prefixes)
        return table[buurt]


def build_address_lookup(table: AddressTable) -> AddressLookup:
    """Turn the CBS address table into sorted integer keys.

    Parameters
    ----------
    table
        The table from :func:`etl.extract.pc6_lookup.read_pc6_lookup`.

    Returns
    -------
    AddressLookup
        Keys sorted ascending, one row per (PC6, huisnummer).
    """
    runs = table.runs
    run_pc6 = encode_postcodes(normalise_postcode(runs["pc6"]))
    buurt_cat = pd.Categorical(runs["buurt_code"])
    gemeente_cat = pd.Categorical(runs["gemeente_code"])
    rows = runs["rows"].to_numpy()
    pc6_codes = np.repeat(run_pc6, rows)
    keys = encode_addresses(pc6_codes, table.huisnummer)
    buurt = np.repeat(np.asarray(buurt_cat.codes, dtype=np.int32), rows)
    gemeente = np.repeat(np.asarray(gemeente_cat.codes, dtype=np.int32), rows)
    valid = (keys >= 0) & (buurt >= 0)
    if not valid.all():
        keys, buurt, gemeente, pc6_codes = (keys[valid], buurt[valid], gemeente[valid],
                                            pc6_codes[valid])
    # CBS sorts its table by postcode and house number, which are the keys' order: then
    # there is nothing to sort and no repeated key to drop. Any other order is sorted here.
    if len(keys) > 1 and not bool(np.all(keys[1:] > keys[:-1])):
        order = np.argsort(keys, kind="stable")
        keys, buurt, gemeente, pc6_codes = (keys[order], buurt[order], gemeente[order],
                                            pc6_codes[order])
        unique = np.ones(len(keys), dtype=bool)
        unique[1:] = keys[1:] != keys[:-1]
        keys, buurt, gemeente, pc6_codes = (keys[unique], buurt[unique], gemeente[unique],
                                            pc6_codes[unique])
    return AddressLookup(
        keys=keys,
        buurt=buurt,
        gemeente=gemeente,
        buurt_codes=pd.Index(buurt_cat.categories.astype("string")),
        gemeente_codes=pd.Index(gemeente_cat.categories.astype("string")),
        postcode_buurten=_count_postcode_buurten(pc6_codes, buurt, gemeente),
    )


def _count_postcode_buurten(pc6: np.ndarray, buurt: np.ndarray,
                            gemeente: np.ndarray) -> pd.DataFrame:
    """Addresses per (PC6, buurt, gemeente). Sorted keys keep each PC6's addresses together,
    so the rows collapse into runs first and only the runs are grouped."""
    n = len(pc6)
    change = np.ones(n, dtype=bool)
    if n > 1:
        change[1:] = ((pc6[1:] != pc6[:-1]) | (buurt[1:] != buurt[:-1])
                      | (gemeente[1:] != gemeente[:-1]))
    starts = np.flatnonzero(change)
    runs = pd.DataFrame({"pc6": pc6[starts], "buurt": buurt[starts],
                         "gemeente": gemeente[starts],
                         "addresses": np.diff(np.append(starts, n))})
    return runs.groupby(["pc6", "buurt", "gemeente"], sort=False, as_index=False)[
        "addresses"].sum()


def _find(lookup: AddressLookup, keys: np.ndarray) -> np.ndarray:
    """Positions of ``keys`` in the lookup, -1 where absent.

    The keys are searched in sorted order: consecutive searches then walk the 9-million-key
    table in one direction and stay in cache, several times faster than random order.
    """
    if len(lookup.keys) == 0:
        return np.full(len(keys), -1, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    pos = np.empty(len(keys), dtype=np.int64)
    pos[order] = np.searchsorted(lookup.keys, keys[order])
    pos = np.clip(pos, 0, len(lookup.keys) - 1)
    hit = (lookup.keys[pos] == keys) & (keys >= 0)
    return np.where(hit, pos, -1)


def _guess_crs(x: pd.Series, y: pd.Series) -> pd.Series:
    """'rd' for RD New metres, 'wgs84' for lon/lat, 'latlon' when swapped, NA otherwise."""
    xs, ys = x.astype("Float64"), y.astype("Float64")
    rd = xs.between(0, 300_000) & ys.between(300_000, 625_000)
    lonlat = xs.between(3.0, 7.5) & ys.between(50.5, 53.8)
    latlon = xs.between(50.5, 53.8) & ys.between(3.0, 7.5)
    out = pd.Series(pd.NA, index=x.index, dtype="string")
    out[rd.fillna(False)] = "rd"
    out[lonlat.fillna(False)] = "wgs84"
    out[latlon.fillna(False)] = "latlon"
    return out


def place_by_coordinates(
    x: pd.Series, y: pd.Series, buurten: gpd.GeoDataFrame
) -> pd.Series:
    """Point-in-polygon join of coordinates (RD New or WGS84) on buurt polygons.

    Parameters
    ----------
    x, y
        Coordinates; RD New metres or WGS84 degrees (lon/lat, swapped lat/lon tolerated).
    buurten
        Polygons with a ``buurt_code`` column, in any CRS.

    Returns
    -------
    pandas.Series
        Buurt codes (``BU...``) aligned with ``x``; NA where outside every polygon.
    """
    out = pd.Series(pd.NA, index=x.index, dtype="string")
    crs = _guess_crs(x, y)
    frames = []
    for kind, epsg in (("rd", 28992), ("wgs84", 4326), ("latlon", 4326)):
        mask = (crs == kind).fillna(False)
        if not mask.any():
            continue
        xs, ys = x[mask].astype(float), y[mask].astype(float)
        if kind == "latlon":
            xs, ys = ys, xs
        points = gpd.GeoDataFrame(
            {"row": x.index[mask]}, geometry=gpd.points_from_xy(xs, ys), crs=epsg
        )
        frames.append(points.to_crs(buurten.crs))
    if not frames:
        return out
    points = pd.concat(frames, ignore_index=True)
    joined = gpd.sjoin(points, buurten[["buurt_code", "geometry"]], how="inner",
                       predicate="within")
    joined = joined.drop_duplicates("row")
    out.loc[joined["row"].to_numpy()] = joined["buurt_code"].to_numpy()
    return out


def normalise_signal_addresses(signals: pd.DataFrame) -> pd.DataFrame:
    """The delivered address in normalised form, ready to search and to key a household.

    Needs no address table, so it can run while the table is still being read.

    Parameters
    ----------
    signals
        Signals with ``postcode``, ``huisnummer``, ``toevoeging``.

    Returns
    -------
    pandas.DataFrame
        Aligned with ``signals``: ``pc6``, ``huisnummer_norm``, ``toevoeging_norm``, and the
        integer ``pc6_code`` and ``address_key`` (-1 when incomplete).
    """
    pc6 = normalise_postcode(signals["postcode"])
    number, addition = normalise_house_numbers(signals["huisnummer"], signals["toevoeging"])
    pc6_codes = encode_postcodes(pc6)
    return pd.DataFrame({
        "pc6": pc6,
        "huisnummer_norm": number,
        "toevoeging_norm": addition,
        "pc6_code": pc6_codes,
        "address_key": encode_addresses(pc6_codes, number),
    }, index=signals.index)


def place_in_buurt(
    signals: pd.DataFrame,
    lookup: AddressLookup,
    gemeente_code: str,
    buurten: gpd.GeoDataFrame | None = None,
    normalised: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Find the buurt of every signal, or the reason it cannot be placed.

    Order of trust: exact address (PC6 + huisnummer) in the CBS table; then coordinates in a
    buurt polygon; then the buurt most addresses of the PC6 lie in.

    Parameters
    ----------
    signals
        Signals with ``postcode``, ``huisnummer``, ``toevoeging``, ``coord_x``, ``coord_y``.
    lookup
        The address table (:func:`build_address_lookup`).
    gemeente_code
        The gemeente served (``GM0014``); places elsewhere are 'buiten gemeente'. ``*``
        serves every gemeente (a national installation).
    buurten
        Buurt polygons with ``buurt_code``, for the coordinate fallback (optional).
    normalised
        :func:`normalise_signal_addresses` of ``signals``, when already computed.

    Returns
    -------
    pandas.DataFrame
        Aligned with ``signals``: ``pc6``, ``huisnummer_norm``, ``toevoeging_norm``,
        ``buurt_code``, ``placement_method`` (``adres``/``coordinaten``/``pc6``) and
        ``placement_reason`` (NA when placed).
    """
    index = signals.index
    n = len(signals)
    if normalised is None:
        normalised = normalise_signal_addresses(signals)
    pc6_codes = normalised["pc6_code"].to_numpy()
    keys = normalised["address_key"].to_numpy()

    # Buurten as positions in ``categories`` (-1: none yet), methods as positions in METHODS.
    categories = lookup.buurt_codes
    buurt = np.full(n, -1, dtype=np.int64)
    method = np.full(n, -1, dtype=np.int8)
    in_gemeente = np.zeros(n, dtype=bool)
    national = gemeente_code == NATIONAL
    target = lookup.gemeente_codes.get_indexer([gemeente_code.upper()])[0]

    pos = _find(lookup, keys)
    hit = pos >= 0
    buurt[hit] = lookup.buurt[pos[hit]]
    in_gemeente[hit] = national or lookup.gemeente[pos[hit]] == target
    method[hit] = METHODS.index("adres")

    has_coords = (signals["coord_x"].notna() & signals["coord_y"].notna()).to_numpy()
    outside_by_coords = np.zeros(n, dtype=bool)
    todo = ~hit & has_coords
    if todo.any() and buurten is not None:
        found = place_by_coordinates(signals["coord_x"][todo], signals["coord_y"][todo], buurten)
        ok = found.notna().to_numpy()
        rows = np.flatnonzero(todo)
        codes = found[ok].astype("string")
        categories = categories.append(pd.Index(codes.unique()).difference(categories))
        buurt[rows[ok]] = categories.get_indexer(codes)
        method[rows[ok]] = METHODS.index("coordinaten")
        # A buurt code carries its gemeente (BU0014.. lies in GM0014); a national
        # boundaries file also holds other gemeenten's buurten.
        digits = gemeente_code.upper().removeprefix("GM")
        in_gemeente[rows[ok]] = national or (codes.str.slice(2, 6) == digits).to_numpy(
            dtype=bool)
        outside_by_coords[rows[~ok]] = True

    todo = (method < 0) & (pc6_codes >= 0)
    if todo.any():
        found = pd.Series(pc6_codes[todo]).map(lookup.pc6_majority())
        ok = found.notna().to_numpy()
        rows = np.flatnonzero(todo)
        cats = found[ok].astype("int64").to_numpy()
        buurt[rows[ok]] = cats
        in_gemeente[rows[ok]] = national or lookup.gemeente_of_buurt(cats) == target
        method[rows[ok]] = METHODS.index("pc6")

    placed = method >= 0
    has_postcode = signals["postcode"].notna().to_numpy()
    reason = np.full(n, -1, dtype=np.int8)
    reason[~placed] = REASONS.index(REASON_NOT_FOUND)
    reason[~placed & ~has_postcode & ~has_coords] = REASONS.index(REASON_NO_ADDRESS)
    reason[~placed & has_postcode & (pc6_codes < 0) & ~has_coords] = REASONS.index(
        REASON_BAD_POSTCODE)
    reason[~placed & outside_by_coords] = REASONS.index(REASON_OUTSIDE)
    reason[placed & ~in_gemeente] = REASONS.index(REASON_OUTSIDE)
    ok = reason < 0

    return pd.DataFrame(
        {
            "pc6": normalised["pc6"],
            "huisnummer_norm": normalised["huisnummer_norm"],
            "toevoeging_norm": normalised["toevoeging_norm"],
            "buurt_code": _labels(np.where(ok, buurt, -1), categories),
            "placement_method": _labels(np.where(ok, method, -1), METHODS),
            "placement_reason": _labels(reason, REASONS),
        },
        index=index,
    )


def _labels(codes: np.ndarray, labels: Sequence[str] | pd.Index) -> pd.arrays.ArrowStringArray:
    """Text for positions into ``labels`` (NA for -1), taken in Arrow: no object per row."""
    taken = pa.array(list(labels), pa.large_string()).take(
        pa.array(codes, mask=codes < 0, type=pa.int64()))
    return pd.arrays.ArrowStringArray(taken)
