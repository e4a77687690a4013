"""Summarise the address table per PC6 for the dashboard's postcode search.

Only postcode-level counts leave this step: a PC6 and the buurt most of its addresses lie in
is public geography, not personal data.
"""

from __future__ import annotations

import pandas as pd

from etl.transform.normalise_address import decode_postcodes
from etl.transform.place_in_buurt import NATIONAL, AddressLookup


def summarise_postcodes(lookup: AddressLookup, gemeente_code: str) -> pd.DataFrame:
    """Addresses per PC6 and buurt, for one gemeente (or all of them, ``*``).

    Parameters
    ----------
    lookup
        The address table (:func:`etl.transform.place_in_buurt.build_address_lookup`).
    gemeente_code
        The gemeente served.

    Returns
    -------
    pandas.DataFrame
        ``pc6`` (normalised), ``buurt_code``, ``addresses`` (distinct addresses).
    """
    counts = lookup.postcode_buurten
    if gemeente_code != NATIONAL:
        target = lookup.gemeente_codes.get_indexer([gemeente_code.upper()])[0]
        counts = counts[counts["gemeente"].to_numpy() == target]
    return pd.DataFrame({
        "pc6": decode_postcodes(counts["pc6"].to_numpy()).to_numpy(),
        "buurt_code": pd.array(lookup.buurt_codes.to_numpy()[counts["buurt"].to_numpy()],
                               dtype="string"),
        "addresses": counts["addresses"].to_numpy(),
    }).astype({"pc6": "string"})
