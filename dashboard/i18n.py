"""All Dutch UI text and Dutch number and date formatting.

Users read Dutch: 1.234 (not 1,234), 12,5 % (not 12.5%), januari 2024. Every string a user
sees comes from here, so wording stays consistent and reviewable in one place.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
MONTHS_SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov",
                "dec")

APP_TITLE = "Wijksignaal"
APP_SUBTITLE = "Vroegsignalen, lage inkomens en schulden in de wijken en buurten van Groningen"
DEMO_BANNER = ("Demo-data: de signalen, inkomens en schulden zijn synthetisch (gegenereerd); "
               "alleen de wijk- en buurtgrenzen zijn echt (CBS).")
SUPPRESSED = "minder dan {threshold} of afgeschermd"
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
SHOW_TABLE = "Toon als tabel"
HIDE_TABLE = "Verberg tabel"

DATA_ERROR_TITLE = "De gegevens zijn op dit moment niet beschikbaar"
DATA_ERROR_TEXT = ("Het gepubliceerde gegevensbestand ontbreekt of is onleesbaar. Probeer het "
                   "later opnieuw of neem contact op met het datateam.")


def is_missing(value: object) -> bool:
    """None, NaN and pandas' NA all mean 'no number'."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_int(value: float | int | None) -> str:
    """1234 -> '1.234'; None -> '–'."""
    if is_missing(value):
        return "–"
    return f"{round(value):,}".replace(",", ".")


def format_decimal(value: float | None, decimals: int = 1) -> str:
    """12.5 -> '12,5' (thousands with a dot)."""
    if is_missing(value):
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_pct(value: float | None, decimals: int = 1) -> str:
    """12.5 -> '12,5 %'."""
    text = format_decimal(value, decimals)
    return text if text == "–" else f"{text} %"


def format_change(value: float | None, decimals: int = 0, unit: str = "") -> str:
    """Signed change: +12, −3 (with a real minus sign)."""
    if is_missing(value):
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


def format_timestamp(value: object) -> str:
    """'2026-11-23T11:53:12' -> '23 november 2026, 11:53'."""
    if is_missing(value) or value == "":
        return "–"
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("Europe/Amsterdam")
    return f"{stamp.day} {MONTHS[stamp.month - 1]} {stamp.year}, {stamp:%H:%M}"


SOURCE_FORMATS = {"csv": "CSV-export", "xlsx": "XLSX-export", "ddas-json-0.9": "DDAS JSON v0.9",
                  "ddas-json-1.2": "DDAS JSON v1.2"}


def period_words(end_month: date, window: int) -> str:
    """'jan 2024 t/m mrt 2024' for a 3-month window ending March 2024; 'maart 2024' for 1."""
    if window <= 1:
        return month_name(end_month)
    return f"{month_short(shift_month(end_month, -(window - 1)))} t/m {month_short(end_month)}"


def suppressed_text(threshold: int) -> str:
    """'minder dan 5' for the published threshold."""
    return SUPPRESSED.format(threshold=threshold)


def status_text(status: str, threshold: int) -> str:
    """Why a value is not shown, in words ('minder dan 5', 'te weinig huishoudens')."""
    return suppressed_text(threshold) if status == "onderdrukt" else status


def format_sources(sources: object) -> str:
    """Distinct sources from '; '-joined source texts, each once, in order of appearance."""
    seen: dict[str, None] = {}
    for text in sources:
        if is_missing(text):
            continue
        for part in str(text).replace("herberekend uit buurten: ", "").split("; "):
            seen.setdefault(part.strip(), None)
    return "; ".join(p for p in seen if p)


def format_count(value: object, threshold: int) -> str:
    """A published count: '1.234', or 'minder dan 5' where it is suppressed (NULL)."""
    return suppressed_text(threshold) if is_missing(value) else format_int(value)

# --- Over de data ---
ABOUT_INTRO = ("Wijksignaal laat per wijk en buurt van de gemeente Groningen zien waar "
               "financiële problemen zich opstapelen: vroegsignalen van betalingsachterstanden, "
               "het aandeel huishoudens met een laag inkomen en met problematische schulden.")
ABOUT_DEMO = ("Dit zijn demo-gegevens: de signalen, inkomens en schulden zijn synthetisch "
              "(gegenereerd en gekalibreerd op openbare cijfers). Alleen de grenzen en de "
              "woningvoorraad per wijk zijn echte CBS-gegevens.")
ABOUT_REAL = "Dit zijn echte gegevens van de gemeente en het CBS."
ABOUT_SIGNAL_SOURCE = ("Vroegsignalen komen van signaalpartners (zorgverzekeraars, verhuurders, "
                       "energie- en drinkwaterbedrijven) onder de Wet gemeentelijke "
                       "schuldhulpverlening (art. 2.2.1). Zaken en contactpogingen (de trechter) "
                       "zitten alleen in leveringen in het VNG/DDAS-uitwisselformaat.")
ABOUT_DISCLOSURE = ("Aantallen kleiner dan {threshold} worden niet getoond ('minder dan "
                    "{threshold} of afgeschermd'), ook niet in downloads of bij het aanwijzen met "
                    'de muis. Waar een totaal, een ander signaaltype of een periode van 3 of 12 '
                    'maanden een verborgen aantal door aftrekken zou verraden, wordt ook een ander'
                    ' aantal afgeschermd (aanvullende onderdrukking); dat kan een groter aantal '
                    "zijn. Daarom staat er 'minder dan {threshold} of afgeschermd'. Percentages en"
                    ' cijfers per 1.000 huishoudens worden alleen getoond bij minstens '
                    '{min_households} huishoudens (de regel van het CBS).')
ABOUT_PRIVACY = ("Het dashboard ziet alleen opgetelde aantallen. BSN, namen, geboortedata en "
                 "adressen komen nergens in de opgeslagen gegevens: een adres wordt bij het "
                 "inlezen vervangen door een buurtcode en een versleutelde huishoudsleutel.")
ABOUT_RISE_METHOD = ("Voor elk gebied en elke maand berekent Wijksignaal hoeveel signalen te "
                     "verwachten zijn: het gemiddelde van het gebied over de voorgaande 12 "
                     "maanden, gecorrigeerd voor het seizoen en de recente trend (beide geschat "
                     "op de hele gemeente). Het aantal wordt gezien als een negatief-binomiale "
                     "uitkomst rond die verwachting, met een spreiding die per niveau uit de "
                     "eigen geschiedenis wordt geschat. Een stijging heet ongebruikelijk als "
                     "die na correctie voor het aantal getoetste gebieden (Benjamini-Hochberg) "
                     "onwaarschijnlijk is; zo blijft het verwachte aandeel loze alarmen onder "
                     "5 %. Maanden waarin een signaalpartner niet of veel te weinig leverde, "
                     "worden niet beoordeeld.")
ABOUT_INTERVALS = ("Bij cijfers per 1.000 huishoudens staat een 95 %-betrouwbaarheidsinterval "
                   "(exact Poisson). Kleine buurten hebben brede intervallen: een verschil "
                   "binnen de band is geen betekenisvol verschil.")
ABOUT_STRUCTURE_METHOD = ("Over alle buurten heen verklaart het aandeel huishoudens met een laag "
                          "inkomen een groot deel van het aantal signalen. Een Poisson-regressie "
                          "(met het aantal huishoudens als blootstelling) geeft per buurt een "
                          "verwacht aantal signalen over de laatste 12 maanden. Buurten met "
                          "veel minder signalen dan verwacht (negatief-binomiaal, na "
                          "Benjamini-Hochberg-correctie) zijn mogelijk onderbereikt.")
ABOUT_SLOPE = ("Elk procentpunt meer huishoudens met een laag inkomen gaat samen met "
               "{pct} % meer signalen per huishouden.")
ABOUT_STRUCTURE_LIMITS = ("Beperkingen: signalen dekken alleen huishoudens waarvan de "
                          "schuldeiser meldt; een laag aantal kan ook betekenen dat een "
                          "signaalpartner slecht levert of dat huishoudens hun betalingen wel "
                          "rond krijgen. Inkomenscijfers lopen een of twee jaar achter. Het "
                          "verband is een gemiddelde over buurten, geen voorspelling voor "
                          "één huishouden.")

# --- Maandoverzicht ---
YES = "ja"
NO = "nee"
REVIEW_TITLE = "Maandoverzicht"
REVIEW_LEAD = ("Alle gebieden van één niveau in één maand: aantallen, veranderingen, het "
               "verloop over 12 maanden en gebieden met een ongebruikelijke stijging. Sorteer "
               "met een klik op een kolomkop; filter in de vakjes eronder.")
REVIEW_LEVELS = ("buurt", "wijk", "nplv_wijken")
REVIEW_TABLE_TITLE = "{levels} — {month}"
REVIEW_SUMMARY_RISES = "Ongebruikelijke stijging in {count} {level}: {names}."
REVIEW_LEVEL_COUNT = {"buurt": ("buurt", "buurten"), "wijk": ("wijk", "wijken"),
                      "nplv_wijken": ("NPLV-wijk", "NPLV-wijken")}
REVIEW_SUMMARY_NO_RISES = "Geen ongebruikelijke stijgingen in {month}."
REVIEW_SUMMARY_DELIVERY = ("{month} is niet beoordeeld op stijgingen: een signaalpartner "
                           "leverde niet of veel te weinig.")
REVIEW_SUMMARY_NOT_JUDGED = ("Voor {month} is nog geen verwachting berekend (te weinig "
                             "voorgaande maanden).")
REVIEW_COLUMNS = {
    "name": "Gebied",
    "signals": "Signalen",
    "households": "Huishoudens (CBS)",
    "rate": "Per 1.000 huishoudens",
    "vs_month": "T.o.v. vorige maand",
    "vs_year": "T.o.v. een jaar eerder",
    "change": "verschil",
    "change_pct": "%",
    "trend": "Verloop 12 maanden",
    "expected": "Verwacht (90 %-interval)",
    "flag": "Beoordeling",
}
REVIEW_FLAGS = {2: "ongebruikelijke stijging", 1: "niet beoordeeld (leveringsprobleem)",
                0: "", -1: ""}
REVIEW_METHOD = ("Verwacht aantal: het eigen gemiddelde van het gebied over de voorgaande 12 "
                 "maanden, gecorrigeerd voor seizoen en trend van de hele gemeente, met een "
                 "negatief-binomiaal 90 %-interval; een stijging heet ongebruikelijk als die na "
                 "correctie voor het aantal getoetste gebieden (Benjamini-Hochberg) "
                 "onwaarschijnlijk blijft.")
REVIEW_METHOD_LINK = "Meer over de methode"
REVIEW_NOTES = ("Aantallen kleiner dan {threshold} zijn onderdrukt ('minder dan {threshold} of "
                "afgeschermd'); soms is ook een groter aantal afgeschermd, zodat een klein aantal "
                'niet terug te rekenen is. Een onderdrukt aantal telt nergens als 0 mee: een '
                "verschil met zo'n maand is niet te berekenen (–). Cijfers per 1.000 huishoudens "
                'alleen bij minstens {min_households} huishoudens. Huishoudens: CBS {year}.')
REVIEW_TREND_NOTE = ("Verloop: één balk per maand, van {first} tot en met {last}, van 0 tot het "
                     "hoogste aantal; · is een onderdrukte of ontbrekende maand. De aantallen "
                     "per maand staan in de export en op de pagina van het gebied.")
REVIEW_GRID_LABEL = "Tabel: signalen per gebied in de gekozen maand"
REVIEW_EXPORT_TITLE = "Exporteren"
REVIEW_EXPORT_DUTCH = "Nederlandse Excel (puntkomma en decimale komma)"
REVIEW_EXPORT_CSV = "Download CSV"
REVIEW_EXPORT_XLSX = "Download Excel (XLSX)"
REVIEW_EXPORT_NOTE = ("De export bevat de rijen zoals gefilterd en gesorteerd in de tabel, met "
                      "de aantallen van de 12 maanden; onderdrukte aantallen blijven "
                      "'minder dan {threshold} of afgeschermd'.")
REVIEW_EXPORT_HEADERS = {
    "code": "Gebiedscode",
    "name": "Gebied",
    "month": "Maand",
    "signals": "Signalen",
    "households": "Huishoudens (CBS {year})",
    "households_plain": "Huishoudens (CBS)",
    "rate": "Signalen per 1.000 huishoudens",
    "change_month": "Verschil t.o.v. vorige maand",
    "change_month_pct": "Verschil t.o.v. vorige maand (%)",
    "change_year": "Verschil t.o.v. zelfde maand vorig jaar",
    "change_year_pct": "Verschil t.o.v. zelfde maand vorig jaar (%)",
    "expected": "Verwacht aantal",
    "lower": "Verwacht: ondergrens (90 %)",
    "upper": "Verwacht: bovengrens (90 %)",
    "q_value": "q-waarde (Benjamini-Hochberg)",
    "is_rise": "Ongebruikelijke stijging",
    "is_delivery_problem": "Niet beoordeeld (leveringsprobleem)",
    "series": "Signalen {month}",
}
COMPLETENESS_TITLE = "Volledigheid van de leveringen"
COMPLETENESS_LEAD = ("Signalen per soort signaalpartner per maand, voor de 12 maanden tot en "
                     "met de gekozen maand. Een ontbrekende levering is een gat, geen laag "
                     "aantal.")
COMPLETENESS_CAPTION = "Signalen per signaalpartner, {first} t/m {last}"
COMPLETENESS_MONTH = "Maand"
COMPLETENESS_MISSING = "ontbreekt"
COMPLETENESS_LOW = "laag: {count}"
COMPLETENESS_LEGEND = {
    "ok": "geleverd: aantal signalen",
    "low": "laag: veel minder dan het gebruikelijke aandeel",
    "missing": "ontbreekt: geen levering ontvangen",
    "none": "– geen gegevens",
}
LOAD_TITLE = "Laatste laadronde"
LOAD_NONE = "Er is nog geen laadronde met signaalbestanden gepubliceerd."
LOAD_SUMMARY_CAPTION = "Samenvatting van de laadronde"
LOAD_FIELDS = {
    "command": "Opdracht",
    "started_at": "Gestart",
    "finished_at": "Klaar",
    "status": "Status",
    "files": "Bestanden",
    "rows_read": "Regels gelezen",
    "rows_loaded": "Geladen",
    "rows_duplicate": "Dubbel (overgeslagen)",
    "rows_quarantined": "In quarantaine",
}
LOAD_STATUS = {"ok": "geslaagd", "failed": "mislukt", "running": "bezig"}
LOAD_REASONS_CAPTION = "Regels in quarantaine per reden"
LOAD_REASON = "Reden"
LOAD_ROWS = "Regels"
LOAD_NO_QUARANTINE = "Geen regels in quarantaine."
LOAD_FILES_SUMMARY = "Per bestand ({count})"
LOAD_FILES_CAPTION = "Bestanden van de laadronde"
LOAD_FILES_NOTE = ("Alleen bestanden waarvan de regels nu in de gegevens zitten: een bestand "
                   "dat helemaal dubbel was of later door een correctie is vervangen, staat "
                   "hier niet. De optelling per bestand kan daardoor lager zijn dan de "
                   "samenvatting.")
LOAD_FILE_COLUMNS = ("Bestand", "Formaat", "Periode", "Gelezen", "Geladen", "Dubbel",
                     "Quarantaine", "Redenen")
GRID_LOCALE = {
    "noRowsToShow": "Geen gebieden om te tonen",
    "noMatchingRows": "Geen gebieden die aan het filter voldoen",
    "loadingOoo": "Laden …",
    "filterOoo": "Filter …",
    "applyFilter": "Toepassen",
    "clearFilter": "Wissen",
    "resetFilter": "Herstellen",
    "cancelFilter": "Annuleren",
    "textFilter": "Tekstfilter",
    "numberFilter": "Getalfilter",
    "empty": "Kies er een",
    "equals": "Is gelijk aan",
    "notEqual": "Is niet gelijk aan",
    "lessThan": "Kleiner dan",
    "greaterThan": "Groter dan",
    "lessThanOrEqual": "Kleiner dan of gelijk aan",
    "greaterThanOrEqual": "Groter dan of gelijk aan",
    "inRange": "Tussen",
    "inRangeStart": "Van",
    "inRangeEnd": "Tot",
    "contains": "Bevat",
    "notContains": "Bevat niet",
    "startsWith": "Begint met",
    "endsWith": "Eindigt op",
    "blank": "Leeg",
    "notBlank": "Niet leeg",
    "andCondition": "EN",
    "orCondition": "OF",
    "ariaFilterInput": "Filterinvoer",
    "ariaFilterValue": "Filterwaarde",
    "ariaFilterFromValue": "Filter vanaf waarde",
    "ariaFilterToValue": "Filter tot waarde",
    "ariaFilteringOperator": "Filteroperator",
    "ariaFilterColumn": "Druk op Ctrl+Enter om het filter te openen",
    "ariaFilterMenuOpen": "Filtermenu openen",
    "ariaColumnFiltered": "Kolom gefilterd",
    "ariaLabelColumnFilter": "Kolomfilter",
    "ariaLabelColumnMenu": "Kolommenu",
    "ariaMenuColumn": "Druk op Alt+pijl omlaag om het kolommenu te openen",
    "ariaSortableColumn": "Druk op Enter om te sorteren",
    "ariaColumnGroupExpansion": "Druk op Enter om deze kolomgroep open of dicht te klappen",
    "ariaChecked": "aangevinkt",
    "ariaUnchecked": "niet aangevinkt",
    "ariaIndeterminate": "onbepaald",
    "ariaLabelTooltip": "Tooltip",
    "ariaSkeletonCellLoading": "Rij wordt geladen",
    "page": "Pagina",
    "of": "van",
    "to": "tot",
    "more": "meer",
    "thousandSeparator": ".",
    "decimalSeparator": ",",
    "invalidNumber": "Ongeldig getal",
}

# --- Groningen-Noord ---
NPLV_TITLE = "Groningen-Noord"
NPLV_LEAD = ("Het Nationaal Programma Leefbaarheid en Veiligheid (NPLV) wil in twintig jaar de "
             "achterstand van de noordelijke wijken op de rest van de stad inlopen. Deze pagina "
             "laat zien hoe die kloof zich ontwikkelt.")
NPLV_FOCUS_SHORT = "Groningen-Noord"
NPLV_REST_SHORT = "rest van de gemeente"
NPLV_GEMEENTE = "gemeente {name}"
NPLV_WINDOW_LABEL = "Gemiddelde per maand over"
NPLV_PRESENT_LINK = "Presentatiemodus: één grafiek per scherm"
NPLV_PRESENT_EXIT = "Terug naar de gewone weergave"
NPLV_PRINT_HINT = ("Als hand-out afdrukken of als pdf bewaren: gebruik de afdrukfunctie van de "
                   "browser (Ctrl+P). Menu en knoppen vallen dan weg.")
NPLV_SHOW_TABLE = "Toon als tabel"
NPLV_RATE_UNIT = "per 1.000 huishoudens per maand"
NPLV_Y_RATE = "Signalen per 1.000 huishoudens per maand"
NPLV_Y_GAP = "Verschil: Groningen-Noord min de rest van de gemeente"
NPLV_GAP_LABEL = "Verschil"
NPLV_GAP_TITLE = "De kloof: Groningen-Noord en de rest van de gemeente"
NPLV_GAP_FIGURE = ("Lijngrafiek: signalen per 1.000 huishoudens per maand in Groningen-Noord en "
                   "in de rest van de gemeente, met daaronder het verschil")
NPLV_WINDOW_NOTES = {
    1: "Elk punt is één maand.",
    3: ("Elk punt is het gemiddelde per maand over drie maanden tot en met die maand; de lijn "
        "begint bij de eerste volledige periode."),
    12: ("Elk punt is het gemiddelde per maand over twaalf maanden tot en met die maand; de "
         "lijn begint bij de eerste volledige periode."),
}
NPLV_BAND_NOTE = ("De gekleurde banden zijn 95 %-betrouwbaarheidsintervallen (exact Poisson). "
                  "Onder: het verschil, Groningen-Noord min de rest van de gemeente.")
NPLV_LATEST = ("In {period}: {focus} {focus_rate} per 1.000 huishoudens, {rest} {rest_rate}; "
               "verschil {gap}.")
NPLV_LATEST_INTERVALS = ("95 %-intervallen: {focus} {focus_interval}, {rest} {rest_interval}, "
                         "verschil {gap_interval}.")
NPLV_FIRST = "Bij het begin van de reeks ({period}) was het verschil {gap}."
NPLV_NO_LATEST = "Voor de laatste periode is geen cijfer te tonen."
NPLV_PERIOD_AVERAGE = "{period} (gemiddeld per maand)"
NPLV_SIGNALS = "signalen"
NPLV_HOVER_RATE = "{period}: {rate} per 1.000 huishoudens per maand"
NPLV_HOVER_INTERVAL = "95 %-interval {lower}–{upper}"
NPLV_HOVER_COUNT = "{count} signalen"
NPLV_SIGNAL_SOURCE = ("Bron: vroegsignalen van signaalpartners (Wgs); huishoudens: CBS "
                      "(kengetallen {year}).")
NPLV_SIGNAL_SOURCE_DEMO = ("Bron: synthetische demo-signalen (gegenereerd, geen echte "
                           "gegevens); huishoudens: synthetische demo-cijfers ({year}).")
NPLV_GAP_TABLE_CAPTION = ("Signalen per 1.000 huishoudens per maand, met 95 %-interval en het "
                          "aantal signalen in de periode")
NPLV_GAP_HEADERS = ("Periode", "{focus}", "95 %-interval", "Signalen", "{rest}",
                    "95 %-interval", "Signalen", "Verschil", "95 %-interval")
NPLV_SMALL_TITLE = "De NPLV-wijken"
NPLV_SMALL_NOTE = ("Per wijk: signalen per 1.000 huishoudens per maand met de 95 %-band, en de "
                   "hele gemeente als referentie (grijze stippellijn). Alle grafieken hebben "
                   "dezelfde schaal.")
NPLV_SMALL_FIGURE = "Lijngrafiek: {name} en de gemeente, signalen per 1.000 huishoudens"
NPLV_SMALL_LEGEND_WIJK = "de wijk (met 95 %-band)"
NPLV_SMALL_TABLE_CAPTION = ("Signalen per 1.000 huishoudens per maand; tussen haakjes het aantal "
                            "signalen in de periode")
NPLV_PERIOD = "Periode"
NPLV_STRUCTURE_TITLE = "Inkomen en schulden per jaar sinds {year}"
NPLV_STRUCTURE_FIGURE = ("Lijngrafieken per jaar: huishoudens, laag inkomen, sociaal minimum en "
                         "problematische schulden in Groningen-Noord en de rest van de gemeente")
NPLV_STRUCTURE_NOTE = ("Aandelen van de particuliere huishoudens; het aantal huishoudens staat "
                       "er steeds bij (in de tekst, de tabel en bij het aanwijzen).")
NPLV_STRUCTURE_PANELS = (
    ("households", None, "Aantal huishoudens", False),
    ("low_income_pct", "low_income_households", "% met een laag inkomen", True),
    ("social_minimum_pct", "social_minimum_households", "% op of rond het sociaal minimum",
     True),
    ("problematic_debt_pct", "problematic_debt_households", "% met problematische schulden",
     True),
)
NPLV_STRUCTURE_LATEST = ("In {year}: {name} {households} huishoudens; laag inkomen {low} "
                         "({low_n}), rond het sociaal minimum {minimum} ({minimum_n}), "
                         "problematische schulden {debt} ({debt_n}).")
NPLV_STRUCTURE_HEADERS = ("Jaar", "Gebied", "Huishoudens", "Laag inkomen",
                          "Rond sociaal minimum", "Problematische schulden")
NPLV_STRUCTURE_CAPTION = "CBS-kengetallen per jaar: aandeel en aantal huishoudens"
NPLV_HOUSEHOLDS = "huishoudens"
NPLV_SOURCE = "Bron: {sources}."
NPLV_SYNTHETIC = "Let op: dit zijn synthetische demo-cijfers, geen echte gegevens."
