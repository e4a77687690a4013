"""Place each signal in its buurt: by address, else by coordinates, else by PC6.

Placement is vectorised: addresses become integer keys looked up in a sorted array, so the
national table (9 million addresses) costs one ``searchsorted``; coordinates go through one
spatial join. Every signal leaves with a buurt code or a reason why it has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa

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


@dataclass
class AddressLookup:
    """The address table as sorted integer keys, built once per load.

    ``buurt`` and ``gemeente`` hold category codes into ``buurt_codes``/``gemeente_codes``,
    so 9 million rows cost a few bytes each.
    """

    keys: np.ndarray
    buurt: np.ndarray
    gemeente: np.ndarray
    pc6_codes: np.ndarray
    buurt_codes: pd.Index
    gemeente_codes: pd.Index
    _pc6_majority: pd.Series | None = field(default=None, repr=False)

    def pc6_majority(self) -> pd.Series:
        """Buurt (category code) that most addresses of each PC6 lie in, by PC6 code."""
        if self._pc6_majority is None:
            counts = (
                pd.DataFrame({"pc6": self.pc6_codes, "buurt": self.buurt})
                .groupby(["pc6", "buurt"], sort=False)
                .size()
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


def build_address_lookup(table: pd.DataFrame) -> AddressLookup:
    """Turn the CBS address table into sorted integer keys.

    Parameters
    ----------
    table
        Frame from :func:`etl.extract.pc6_lookup.read_pc6_lookup`.

    Returns
    -------
    AddressLookup
        Keys sorted ascending, one row per (PC6, huisnummer).
    """
    pc6_codes = _encode_repeated_postcodes(table["pc6"])
    keys = encode_addresses(pc6_codes, table["huisnummer"])
    buurt_cat = pd.Categorical(table["buurt_code"])
    gemeente_cat = pd.Categorical(table["gemeente_code"])
    buurt = np.asarray(buurt_cat.codes, dtype=np.int32)
    gemeente = np.asarray(gemeente_cat.codes, dtype=np.int32)
    valid = (keys >= 0) & (buurt >= 0)
    keys, buurt, gemeente, pc6_codes = keys[valid], buurt[valid], gemeente[valid], pc6_codes[valid]
    order = np.argsort(keys, kind="stable")
    keys, buurt, gemeente, pc6_codes = keys[order], buurt[order], gemeente[order], pc6_codes[order]
    unique = np.ones(len(keys), dtype=bool)
    unique[1:] = keys[1:] != keys[:-1]
    return AddressLookup(
        keys=keys[unique],
        buurt=buurt[unique],
        gemeente=gemeente[unique],
        pc6_codes=pc6_codes[unique],
        buurt_codes=pd.Index(buurt_cat.categories.astype("string")),
        gemeente_codes=pd.Index(gemeente_cat.categories.astype("string")),
    )


def _encode_repeated_postcodes(pc6: pd.Series) -> np.ndarray:
    """Postcode codes for the address table, normalising each distinct PC6 once.

    The national table repeats each of its ~450,000 postcodes some twenty times; Arrow's
    dictionary encoding finds the distinct ones far faster than normalising 9 million.
    """
    encoded = pa.array(pc6.astype("string[pyarrow]").array)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    encoded = encoded.dictionary_encode()
    distinct = pd.Series(pd.arrays.ArrowStringArray(encoded.dictionary))
    distinct_codes = encode_postcodes(normalise_postcode(distinct))
    indices = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    return np.where(indices >= 0, distinct_codes[np.clip(indices, 0, None)], -1)


def _find(lookup: AddressLookup, keys: np.ndarray) -> np.ndarray:
    """Positions of ``keys`` in the lookup, -1 where absent."""
    if len(lookup.keys) == 0:
        return np.full(len(keys), -1, dtype=np.int64)
    pos = np.searchsorted(lookup.keys, keys)
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


def place_in_buurt(
    signals: pd.DataFrame,
    lookup: AddressLookup,
    gemeente_code: str,
    buurten: gpd.GeoDataFrame | None = None,
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

    Returns
    -------
    pandas.DataFrame
        Aligned with ``signals``: ``pc6``, ``huisnummer_norm``, ``toevoeging_norm``,
        ``buurt_code``, ``placement_method`` (``adres``/``coordinaten``/``pc6``) and
        ``placement_reason`` (NA when placed).
    """
    index = signals.index
    n = len(signals)
    pc6 = normalise_postcode(signals["postcode"])
    number, addition = normalise_house_numbers(signals["huisnummer"], signals["toevoeging"])
    pc6_codes = encode_postcodes(pc6)
    keys = encode_addresses(pc6_codes, number)

    buurt_code = np.full(n, None, dtype=object)
    in_gemeente = np.zeros(n, dtype=bool)
    method = np.full(n, None, dtype=object)
    national = gemeente_code == NATIONAL
    target = lookup.gemeente_codes.get_indexer([gemeente_code.upper()])[0]

    pos = _find(lookup, keys)
    hit = pos >= 0
    buurt_code[hit] = lookup.buurt_codes.to_numpy()[lookup.buurt[pos[hit]]]
    in_gemeente[hit] = national or lookup.gemeente[pos[hit]] == target
    method[hit] = "adres"

    has_coords = (signals["coord_x"].notna() & signals["coord_y"].notna()).to_numpy()
    outside_by_coords = np.zeros(n, dtype=bool)
    todo = ~hit & has_coords
    if todo.any() and buurten is not None:
        found = place_by_coordinates(signals["coord_x"][todo], signals["coord_y"][todo], buurten)
        ok = found.notna().to_numpy()
        rows = np.flatnonzero(todo)
        buurt_code[rows[ok]] = found[ok].to_numpy(dtype=object)
        method[rows[ok]] = "coordinaten"
        # A buurt code carries its gemeente (BU0014.. lies in GM0014); a national
        # boundaries file also holds other gemeenten's buurten.
        digits = gemeente_code.upper().removeprefix("GM")
        in_gemeente[rows[ok]] = national or (found[ok].str.slice(2, 6) == digits).to_numpy(
            dtype=bool)
        outside_by_coords[rows[~ok]] = True

    todo = (method == None) & (pc6_codes >= 0)  # noqa: E711 (element-wise on object array)
    if todo.any():
        found = pd.Series(pc6_codes[todo]).map(lookup.pc6_majority())
        ok = found.notna().to_numpy()
        rows = np.flatnonzero(todo)
        cats = found[ok].astype("int64").to_numpy()
        buurt_code[rows[ok]] = lookup.buurt_codes.to_numpy()[cats]
        in_gemeente[rows[ok]] = national or lookup.gemeente_of_buurt(cats) == target
        method[rows[ok]] = "pc6"

    placed = method != None  # noqa: E711
    has_postcode = signals["postcode"].notna().to_numpy()
    reason = np.full(n, None, dtype=object)
    reason[~placed] = REASON_NOT_FOUND
    reason[~placed & ~has_postcode & ~has_coords] = REASON_NO_ADDRESS
    reason[~placed & has_postcode & (pc6_codes < 0) & ~has_coords] = REASON_BAD_POSTCODE
    reason[~placed & outside_by_coords] = REASON_OUTSIDE
    reason[placed & ~in_gemeente] = REASON_OUTSIDE
    ok = reason == None  # noqa: E711

    return pd.DataFrame(
        {
            "pc6": pc6,
            "huisnummer_norm": number,
            "toevoeging_norm": addition,
            "buurt_code": pd.array(np.where(ok, buurt_code, None), dtype="string"),
            "placement_method": pd.array(np.where(ok, method, None), dtype="string"),
            "placement_reason": pd.array(reason, dtype="string"),
        },
        index=index,
    )
