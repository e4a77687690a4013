"""All Dutch UI text and Dutch number and date formatting.

Users read Dutch: 1.234 (not 1,234), 12,5 % (not 12.5%), januari 2024. Every string a user
sees comes from here, so wording stays consistent and reviewable in one place.
"""

from __future__ import annotations

import math
from datetime import date

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
MONTHS_SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov",
                "dec")

APP_TITLE = "Wijksignaal"
APP_SUBTITLE = "Vroegsignalen, lage inkomens en schulden in de wijken en buurten van Groningen"
DEMO_BANNER = ("Demo-data: de signalen, inkomens en schulden zijn synthetisch (gegenereerd); "
               "alleen de wijk- en buurtgrenzen zijn echt (CBS).")
SUPPRESSED = "minder dan {threshold}"
TOO_FEW_HOUSEHOLDS = "te weinig huishoudens"
NO_DATA = "geen gegevens"

NAV = (
    ("/", "Kaart"),
    ("/nplv", "Groningen-Noord"),
    ("/maand", "Maandoverzicht"),
    ("/over", "Over de data"),
)

LEVELS = {"buurt": "Buurten", "wijk": "Wijken", "nplv_wijken": "NPLV-wijken",
          "nplv": "NPLV en rest"}
LEVEL_SINGULAR = {"buurt": "buurt", "wijk": "wijk", "gemeente": "gemeente",
                  "nplv": "gebied", "nplv_wijken": "NPLV-wijk"}
WINDOWS = {1: "1 maand", 3: "3 maanden", 12: "12 maanden"}
COLOUR_MODES = {"waarde": "Waarde", "afwijking": "Afwijking van gemeentegemiddelde"}
DEVIATION_CLASSES = ("veel lager (meer dan 1 sd)", "lager", "hoger",
                     "veel hoger (meer dan 1 sd)")

DATA_ERROR_TITLE = "De gegevens zijn op dit moment niet beschikbaar"
DATA_ERROR_TEXT = ("Het gepubliceerde gegevensbestand ontbreekt of is onleesbaar. Probeer het "
                   "later opnieuw of neem contact op met het datateam.")


def format_int(value: float | int | None) -> str:
    """1234 -> '1.234'; None -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{round(value):,}".replace(",", ".")


def format_decimal(value: float | None, decimals: int = 1) -> str:
    """12.5 -> '12,5' (thousands with a dot)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_pct(value: float | None, decimals: int = 1) -> str:
    """12.5 -> '12,5 %'."""
    text = format_decimal(value, decimals)
    return text if text == "–" else f"{text} %"


def format_change(value: float | None, decimals: int = 0, unit: str = "") -> str:
    """Signed change: +12, −3 (with a real minus sign)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = format_decimal(abs(value), decimals)
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{text}{unit}"


def month_name(month: date) -> str:
    """date(2024, 1, 1) -> 'januari 2024'."""
    return f"{MONTHS[month.month - 1]} {month.year}"


def month_short(month: date) -> str:
    """date(2024, 1, 1) -> 'jan 2024'."""
    return f"{MONTHS_SHORT[month.month - 1]} {month.year}"


def shift_month(month: date, months: int) -> date:
    """The first day of the month ``months`` later (negative: earlier)."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_words(end_month: date, window: int) -> str:
    """'jan 2024 t/m mrt 2024' for a 3-month window ending March 2024; 'maart 2024' for 1."""
    if window <= 1:
        return month_name(end_month)
    return f"{month_short(shift_month(end_month, -(window - 1)))} t/m {month_short(end_month)}"


def suppressed_text(threshold: int) -> str:
    """'minder dan 5' for the published threshold."""
    return SUPPRESSED.format(threshold=threshold)
