"""Give BSN-only signals an address from a BRP extract, when the municipality supplies one.

DDAS v1.2 lets a partner identify a client by BSN alone; such a signal cannot be placed in a
buurt without the address the BRP holds. The extract is used in memory only.
"""

from __future__ import annotations

import pandas as pd


def fill_addresses_from_brp(signals: pd.DataFrame, brp: pd.DataFrame | None) -> pd.DataFrame:
    """Fill postcode/huisnummer/toevoeging of BSN-only signals from ``brp``; drop the BSN.

    Parameters
    ----------
    signals
        Extracted signals with ``bsn`` (filled only when a BRP extract is used).
    brp
        Frame with ``bsn``, ``postcode``, ``huisnummer``, ``toevoeging``; or None.

    Returns
    -------
    pandas.DataFrame
        ``signals`` with addresses filled where the BSN was found and the ``bsn`` column
        emptied (a copy when there was a BSN).
    """
    if signals["bsn"].isna().all():
        return signals  # no BSN to fill from and none to drop (exports rarely carry one)
    out = signals.copy()
    if brp is not None and len(brp) and out["bsn"].notna().any():
        lookup = brp.drop_duplicates("bsn").set_index("bsn")
        needs = out["postcode"].isna() & out["bsn"].notna()
        found = out.loc[needs, "bsn"].map(lookup["postcode"]).notna()
        rows = found[found].index
        for column in ("postcode", "huisnummer", "toevoeging"):
            out.loc[rows, column] = out.loc[rows, "bsn"].map(lookup[column]).astype("string")
    out["bsn"] = pd.array([None] * len(out), dtype="string")
    return out
