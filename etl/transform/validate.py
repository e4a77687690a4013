"""Decide, per signal, whether it can be loaded; if not, say why in words a steward acts on.

Reasons are short, stable Dutch phrases (they are grouped and shown in the dashboard's load
report); details say where and what, and never repeat a value from a personal field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from etl.transform.distinct_values import per_distinct
from etl.transform.parse_fields import parse_amounts, parse_booleans, parse_dates
from etl.transform.partner_types import map_partner_types

REASON_OTHER_GEMEENTE = "levering voor andere gemeente"
REASON_NO_DATE = "signaaldatum ontbreekt"
REASON_BAD_DATE = "ongeldige signaaldatum"
REASON_FUTURE = "signaaldatum in de toekomst"
REASON_TOO_EARLY = "signaaldatum te vroeg"
REASON_NO_PARTNER = "signaalpartner ontbreekt"
REASON_UNKNOWN_PARTNER = "onbekende signaalpartner"
REASON_BAD_AMOUNT = "ongeldig bedrag"
REASON_NEGATIVE_AMOUNT = "negatief bedrag"
REASON_ABSURD_AMOUNT = "onwaarschijnlijk hoog bedrag"

#: Signal statuses of DDAS v0.9 and v1.2; anything else is stored as 'Onbekend' because a
#: free-text status could carry personal remarks.
SIGNAL_STATUSES: tuple[str, ...] = (
    "Nog niet opgepakt",
    "Opgepakt",
    "Niet opgepakt: onterecht signaal",
    "Niet opgepakt: herhaalde melding",
    "Niet opgepakt: andere reden",
    "Inwoner is overleden",
    "Persoon is geen inwoner (meer) in de gemeente",
    "Inwoner al bekend bij schuldhulpverlening",
)
_STATUS_BY_LOWER = {s.lower(): s for s in SIGNAL_STATUSES}


@dataclass(frozen=True)
class ValidationRules:
    """The plausibility limits a signal must meet."""

    gemeente_code: str
    today: date
    earliest_date: date
    max_amount: float


def parse_signal_fields(signals: pd.DataFrame) -> pd.DataFrame:
    """Typed versions of the delivered text: dates, partner type, amount, status, flags.

    Parameters
    ----------
    signals
        Extracted signals (see :mod:`etl.extract.batch`).

    Returns
    -------
    pandas.DataFrame
        ``signaaldatum``, ``ontstaansdatum`` (datetime), ``partner_type``, ``bedrag``
        (Float64), ``status``, ``is_crisis``, ``is_warme_overdracht`` aligned with the input.
    """
    return pd.DataFrame(
        {
            "signaaldatum": parse_dates(signals["signaaldatum"]),
            "ontstaansdatum": parse_dates(signals["ontstaansdatum"]),
            "partner_type": map_partner_types(signals["partner"]),
            "bedrag": parse_amounts(signals["bedrag"]),
            "status": per_distinct(signals["status"], _parse_statuses),
            "is_crisis": parse_booleans(signals["is_crisis"]),
            "is_warme_overdracht": parse_booleans(signals["is_warme_overdracht"]),
        },
        index=signals.index,
    )


def _parse_statuses(raw: pd.Series) -> pd.Series:
    status = raw.astype("string").str.strip().str.lower().map(_STATUS_BY_LOWER)
    return status.astype("string").where(raw.isna(), status.fillna("Onbekend"))


def flag_invalid_signals(
    signals: pd.DataFrame, parsed: pd.DataFrame, rules: ValidationRules
) -> tuple[pd.Series, pd.Series]:
    """The first reason each signal cannot be loaded (NA when it can), with a detail.

    Parameters
    ----------
    signals
        Extracted signals, including reader-level ``reject_reason``/``reject_detail``.
    parsed
        Output of :func:`parse_signal_fields` for the same rows.
    rules
        Plausibility limits.

    Returns
    -------
    tuple of pandas.Series
        ``reason`` and ``detail`` (string dtype), aligned with ``signals``.
    """
    reason = signals["reject_reason"].astype("string").copy()
    detail = signals["reject_detail"].astype("string").copy()

    def flag(mask: pd.Series, why: str, what: str | pd.Series | None = None) -> None:
        hit = mask.fillna(False).astype(bool) & reason.isna()
        reason[hit] = why
        if what is not None:
            detail[hit] = what if isinstance(what, str) else what[hit]

    gemeente = signals["gemeentecode"].astype("string")
    flag(gemeente.notna() & (rules.gemeente_code != "*")
         & (gemeente.str.upper() != rules.gemeente_code.upper()),
         REASON_OTHER_GEMEENTE, "gemeentecode " + gemeente.fillna(""))
    raw_date = signals["signaaldatum"].astype("string").str.strip()
    flag(raw_date.isna() | (raw_date == ""), REASON_NO_DATE)
    flag(parsed["signaaldatum"].isna(), REASON_BAD_DATE,
         "verwacht JJJJ-MM-DD of DD-MM-JJJJ")
    flag(parsed["signaaldatum"] > pd.Timestamp(rules.today), REASON_FUTURE,
         f"na {rules.today.isoformat()}")
    flag(parsed["signaaldatum"] < pd.Timestamp(rules.earliest_date), REASON_TOO_EARLY,
         f"voor {rules.earliest_date.isoformat()}")
    raw_partner = signals["partner"].astype("string").str.strip()
    flag(raw_partner.isna() | (raw_partner == ""), REASON_NO_PARTNER)
    flag(parsed["partner_type"].isna(), REASON_UNKNOWN_PARTNER,
         "niet te herleiden tot een DDAS-signaalpartner")
    raw_amount = signals["bedrag"].astype("string").str.strip()
    flag(raw_amount.notna() & (raw_amount != "") & parsed["bedrag"].isna(), REASON_BAD_AMOUNT,
         "geen bedrag in euro's")
    flag(parsed["bedrag"] < 0, REASON_NEGATIVE_AMOUNT)
    flag(parsed["bedrag"] > rules.max_amount, REASON_ABSURD_AMOUNT,
         f"meer dan {rules.max_amount:,.0f} euro".replace(",", "."))
    return reason, detail
