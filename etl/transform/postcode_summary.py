"""Summarise the address table per PC6 for the dashboard's postcode search.

Only postcode-level counts leave this step: a PC6 and the buurt most of its addresses lie in
is public geography, not personal data.
"""

from __future__ import annotations

import pandas as pd


def summarise_postcodes(table: pd.DataFrame, gemeente_code: str) -> pd.DataFrame:
    """Addresses per PC6 and buurt, for one gemeente.

    Parameters
    ----------
    table
        Frame from :func:`etl.extract.pc6_lookup.read_pc6_lookup`.
    gemeente_code
        The gemeente served.

    Returns
    -------
    pandas.DataFrame
        ``pc6``, ``buurt_code``, ``addresses``.
    """
    mine = table if gemeente_code == "*" else \
        table[table["gemeente_code"].astype("string") == gemeente_code.upper()]
    grouped = (
        mine.groupby(["pc6", "buurt_code"], observed=True).size().reset_index(name="addresses")
    )
    grouped["pc6"] = grouped["pc6"].astype("string")
    grouped["buurt_code"] = grouped["buurt_code"].astype("string")
    return grouped[grouped["addresses"] > 0].reset_index(drop=True)
