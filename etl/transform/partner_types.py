"""Map the many ways municipal systems name a signaalpartner onto the DDAS enumeration."""

from __future__ import annotations

import pandas as pd

from etl.transform.distinct_values import per_distinct

#: The DDAS EnumSignaalpartner values (v0.9 and v1.2 carry the same set).
DDAS_PARTNER_TYPES: tuple[str, ...] = (
    "Energie",
    "Huur",
    "Hypotheek",
    "CAK Zorgverzekeringen",
    "Zorg",
    "Water",
    "DUO",
    "Belastingdienst",
    "CAK Eigen bijdrage",
    "Overige",
    "Dienst Toeslagen",
)

#: Lowercased synonyms, including common organisation names in and around Groningen.
_SYNONYMS: dict[str, str] = {
    **{t.lower(): t for t in DDAS_PARTNER_TYPES},
    "huurachterstand": "Huur",
    "woningcorporatie": "Huur",
    "woningbouwcorporatie": "Huur",
    "woningbouwvereniging": "Huur",
    "corporatie": "Huur",
    "verhuurder": "Huur",
    "huur woningcorporatie": "Huur",
    "lefier": "Huur",
    "nijestee": "Huur",
    "patrimonium": "Huur",
    "de huismeesters": "Huur",
    "zorgverzekeraar": "Zorg",
    "zorgverzekering": "Zorg",
    "zorgpremie": "Zorg",
    "zorgverzekeraars": "Zorg",
    "menzis": "Zorg",
    "zilveren kruis": "Zorg",
    "cz": "Zorg",
    "vgz": "Zorg",
    "dsw": "Zorg",
    "cak": "CAK Zorgverzekeringen",
    "cak zvw": "CAK Zorgverzekeringen",
    "cak wanbetalersregeling": "CAK Zorgverzekeringen",
    "wanbetalersregeling": "CAK Zorgverzekeringen",
    "energieleverancier": "Energie",
    "energiebedrijf": "Energie",
    "energieleveranciers": "Energie",
    "gas en licht": "Energie",
    "elektriciteit": "Energie",
    "drinkwaterbedrijf": "Water",
    "drinkwater": "Water",
    "waterbedrijf": "Water",
    "waterleidingbedrijf": "Water",
    "waterbedrijf groningen": "Water",
    "hypotheekverstrekker": "Hypotheek",
    "hypotheekverstrekkers": "Hypotheek",
    "dienst uitvoering onderwijs": "DUO",
    "toeslagen": "Dienst Toeslagen",
    "overig": "Overige",
    "anders": "Overige",
}


def map_partner_types(raw: pd.Series) -> pd.Series:
    """Translate raw partner names to DDAS types; unknown names become NA.

    Parameters
    ----------
    raw
        Partner names as delivered (any case, surrounding spaces, hyphens or underscores).

    Returns
    -------
    pandas.Series
        DDAS partner types (string dtype) aligned with ``raw``; NA where not recognised.
    """
    return per_distinct(raw, _map_each)


def _map_each(raw: pd.Series) -> pd.Series:
    key = (
        raw.astype("string")
        .str.lower()
        .str.replace(r"[_\-/]+", " ", regex=True)
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
    )
    return key.map(_SYNONYMS).astype("string")
