"""Make vroegsignaalzaken and contactpogingen storable: typed, enumerated, keyed like signals.

Cases refer to signals by ID; hashing those IDs the same way as the signals keeps the funnel
(signals -> cases -> contact -> bereikt -> resultaat) joinable without storing the IDs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from etl.transform.parse_fields import parse_booleans, parse_dates
from etl.transform.pseudonymise import pseudonymise_ids

#: DDAS EnumEindresultaat (v0.9 and v1.2) -> the funnel's result categories.
RESULT_CATEGORIES: dict[str, str] = {
    "(Budget)advies en/of quick fix": "hulp",
    "Vervolghulp en/of verwijzing": "hulp",
    "Vervolghulp en/of verwijzing financieel": "hulp",
    "Vervolghulp en/of verwijzing niet financieel": "hulp",
    "Inwoner heeft zelf al betaald/betalingsregeling getroffen": "zelf opgelost",
    "Inwoner hoeft geen hulp vanuit vroegsignalering": "geen hulp nodig",
    "Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering": "geen hulp nodig",
    "Inwoner al bekend bij schuldhulpverlening": "al in beeld",
    "Inwoner heeft al een ander lopend traject": "al in beeld",
    "Definitief geen contact kunnen krijgen": "geen contact",
    "Geen reactie na eerder contact": "geen contact",
    "Verwijzing zonder contact": "geen contact",
    "Verwijzing zonder tussenkomst inwoner": "geen contact",
    "Niet opgepakt: herhaalde melding": "niet opgepakt",
    "Niet opgepakt: onterecht signaal": "niet opgepakt",
    "Niet opgepakt: andere reden": "niet opgepakt",
    "Inwoner is overleden": "niet opgepakt",
    "Persoon is geen inwoner (meer) in de gemeente": "niet opgepakt",
}
CONTACT_TYPES: tuple[str, ...] = (
    "Mail", "Brief", "SMS/Whatsapp", "Telefoon", "Huisbezoek", "Kaartje", "Overige",
    "Administratief", "Afspraak op locatie", "Onbekend",
)
_RESULT_BY_LOWER = {r.lower(): r for r in RESULT_CATEGORIES}
_CONTACT_BY_LOWER = {c.lower(): c for c in CONTACT_TYPES}


@dataclass
class PreparedCases:
    """Cases, their signal links and contact attempts, ready to store."""

    cases: pd.DataFrame
    links: pd.DataFrame
    contacts: pd.DataFrame
    rejected: int


def _enumerate(raw: pd.Series, by_lower: dict[str, str]) -> pd.Series:
    text = raw.astype("string").str.strip()
    mapped = text.str.lower().map(by_lower).astype("string")
    return mapped.where(text.isna(), mapped.fillna("Onbekend")).astype("string")


def prepare_cases(
    cases: pd.DataFrame, links: pd.DataFrame, contacts: pd.DataFrame, key: bytes
) -> PreparedCases:
    """Type and key the cases of one delivery; malformed cases are counted and left out.

    Parameters
    ----------
    cases, links, contacts
        Frames from a reader (see :mod:`etl.extract.batch`).
    key
        The secret used for signal keys.

    Returns
    -------
    PreparedCases
        Frames keyed by ``case_ref``; ``links`` carries ``signal_key`` instead of the ID.
    """
    ok = cases["reject_reason"].isna()
    good = cases[ok]
    resultaat = _enumerate(good["resultaat"], _RESULT_BY_LOWER)
    prepared = pd.DataFrame(
        {
            "case_ref": good["case_ref"].astype("string"),
            "resultaat": resultaat,
            "result_category": resultaat.map(RESULT_CATEGORIES).astype("string"),
            "matchingsdatum": parse_dates(good["matchingsdatum"]).dt.date,
            "datum_opgepakt": parse_dates(good["datum_opgepakt"]).dt.date,
            "startdatum_matchingperiode": parse_dates(good["startdatum_matchingperiode"]).dt.date,
            "einddatum_matchingperiode": parse_dates(good["einddatum_matchingperiode"]).dt.date,
        }
    ).reset_index(drop=True)
    valid_refs = set(prepared["case_ref"].dropna())
    kept_links = links[links["case_ref"].isin(valid_refs)]
    prepared_links = pd.DataFrame(
        {
            "case_ref": kept_links["case_ref"].astype("string").to_numpy(),
            "signal_key": pseudonymise_ids(kept_links["signal_id"], key).to_numpy(),
        }
    ).dropna().drop_duplicates()
    kept_contacts = contacts[contacts["case_ref"].isin(valid_refs)]
    prepared_contacts = pd.DataFrame(
        {
            "case_ref": kept_contacts["case_ref"].astype("string").to_numpy(),
            "soort": _enumerate(kept_contacts["soort"], _CONTACT_BY_LOWER).to_numpy(),
            "is_bereikt": parse_booleans(kept_contacts["is_bereikt"]).to_numpy(),
            "datum": parse_dates(kept_contacts["datum"]).dt.date.to_numpy(),
            "dagdeel": kept_contacts["dagdeel"].astype("string").str.strip()
            .where(lambda s: s.isin(["Ochtend", "Middag", "Avond"])).to_numpy(),
        }
    )
    return PreparedCases(
        cases=prepared,
        links=prepared_links.reset_index(drop=True),
        contacts=prepared_contacts.reset_index(drop=True),
        rejected=int((~ok).sum()),
    )
