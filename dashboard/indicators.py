"""The indicators the dashboard can show: Dutch label, unit and how to read them.

Semantics live here once, shared by layouts (pickers, legends), figures (units) and the
data layer (which numerator and denominator), so a label can never drift from its number.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    """One map/table indicator."""

    key: str
    label: str
    unit: str
    definition: str
    kind: str  # "rate" (count per 1,000 households), "pct" (CBS share) or "reach"


INDICATORS: tuple[Indicator, ...] = (
    Indicator("signalen", "Signalen per 1.000 huishoudens", "per 1.000 huishoudens",
              "Aantal vroegsignalen per maand, per 1.000 particuliere huishoudens (CBS); over "
              "3 of 12 maanden het gemiddelde per maand.", "rate"),
    Indicator("huishoudens", "Huishoudens met een signaal per 1.000", "per 1.000 huishoudens",
              "Aantal verschillende adressen met minstens één vroegsignaal in de hele periode "
              "(1, 3 of 12 maanden), per 1.000 particuliere huishoudens (CBS).", "rate"),
    Indicator("partner", "Signalen per soort signaalpartner", "per 1.000 huishoudens",
              "Vroegsignalen van één soort signaalpartner (zorgverzekeraar, verhuurder, "
              "energie, water ...) per maand, per 1.000 huishoudens; over 3 of 12 maanden het "
              "gemiddelde per maand.", "rate"),
    Indicator("laag_inkomen", "% huishoudens met laag inkomen", "%",
              "Aandeel particuliere huishoudens met een laag inkomen (CBS, Kerncijfers wijken "
              "en buurten).", "pct"),
    Indicator("schulden", "% huishoudens met problematische schulden", "%",
              "Aandeel huishoudens met geregistreerde problematische schulden.", "pct"),
    Indicator("bereik", "Bereik (% signalen waarbij inwoner bereikt is)", "%",
              "Bereikte inwoners als percentage van de signalen in de periode (trechter: "
              "signaal → zaak → contact → bereikt).", "reach"),
)
BY_KEY = {i.key: i for i in INDICATORS}
DEFAULT = "signalen"

PARTNER_LABELS = {
    "Zorg": "Zorgverzekeraar", "CAK Zorgverzekeringen": "CAK (zorgverzekering)",
    "Huur": "Verhuurder", "Energie": "Energie", "Water": "Water", "Hypotheek": "Hypotheek",
    "DUO": "DUO", "Belastingdienst": "Belastingdienst", "CAK Eigen bijdrage":
    "CAK eigen bijdrage", "Overige": "Overige", "Dienst Toeslagen": "Dienst Toeslagen",
}
