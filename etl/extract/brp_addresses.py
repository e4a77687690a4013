"""Read a BSN -> address extract (from the BRP) that a municipality may supply so that
BSN-only signals (DDAS v1.2) can be placed. Kept in memory only, never stored."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.errors import EtlError

_ALIASES = {
    "bsn": "bsn", "burgerservicenummer": "bsn",
    "postcode": "postcode",
    "huisnummer": "huisnummer", "huisnr": "huisnummer",
    "toevoeging": "toevoeging", "huisnummertoevoeging": "toevoeging", "huisletter": "toevoeging",
}


def read_brp_addresses(path: str | Path) -> pd.DataFrame:
    """Read ``bsn;postcode;huisnummer[;toevoeging]`` (``,`` or ``;``, UTF-8 or cp1252).

    Parameters
    ----------
    path
        The extract.

    Returns
    -------
    pandas.DataFrame
        ``bsn``, ``postcode``, ``huisnummer``, ``toevoeging`` as text.
    """
    path = Path(path)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            frame = pd.read_csv(path, dtype="string", sep=None, engine="python",
                                encoding=encoding, keep_default_na=False)
            break
        except UnicodeDecodeError:
            continue
        except (pd.errors.ParserError, pd.errors.EmptyDataError, OSError) as exc:
            raise EtlError(f"BRP-bestand niet leesbaar ({type(exc).__name__})", path) from exc
    else:
        raise EtlError("BRP-bestand heeft een onbekende tekenset", path)
    frame.columns = [_ALIASES.get(c.strip().lower().replace(" ", ""), c) for c in frame.columns]
    missing = [c for c in ("bsn", "postcode", "huisnummer") if c not in frame.columns]
    if missing:
        raise EtlError(f"BRP-bestand mist kolom(men) {', '.join(missing)}", path)
    if "toevoeging" not in frame.columns:
        frame["toevoeging"] = ""
    out = frame[["bsn", "postcode", "huisnummer", "toevoeging"]].apply(
        lambda s: s.str.strip().replace("", pd.NA))
    return out.dropna(subset=["bsn"]).astype("string")
