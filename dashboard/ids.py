"""Every component id in one place, so layouts, callbacks and browser tests agree."""

# Shell
URL = "url"
DEMO_BANNER = "demo-banner"
DATA_ERROR = "data-error"

# Kaart
MAP_GRAPH = "kaart-graph"
MAP_LEVEL = "kaart-niveau"
MAP_MONTH = "kaart-maand"
MAP_WINDOW = "kaart-venster"
MAP_INDICATOR = "kaart-indicator"
MAP_PARTNER = "kaart-partner"
MAP_COLOUR_MODE = "kaart-kleur"
MAP_PERIOD_TEXT = "kaart-periode"
MAP_LEGEND = "kaart-legenda"
MAP_TABLE = "kaart-tabel"
MAP_TABLE_TOGGLE = "kaart-tabel-toon"
MAP_SEARCH = "kaart-zoek"
MAP_POSTCODE = "kaart-postcode"
MAP_POSTCODE_BUTTON = "kaart-postcode-zoek"
MAP_POSTCODE_RESULT = "kaart-postcode-resultaat"
MAP_STATE = "kaart-staat"

# Gebied
AREA_HEADLINES = "gebied-kerncijfers"
AREA_TREND = "gebied-trend"
AREA_PARTNERS = "gebied-partners"
AREA_FUNNEL = "gebied-trechter"
AREA_BUURTEN = "gebied-buurten"
AREA_STRUCTURE = "gebied-structuur"

# NPLV
NPLV_GAP = "nplv-kloof"
NPLV_SMALL_MULTIPLES = "nplv-kleine-grafieken"
NPLV_STRUCTURE = "nplv-structuur"
NPLV_PRESENT = "nplv-presentatie"

# Maandoverzicht
REVIEW_MONTH = "maand-maand"
REVIEW_LEVEL = "maand-niveau"
REVIEW_GRID = "maand-tabel"
REVIEW_COMPLETENESS = "maand-volledigheid"
REVIEW_LOAD_REPORT = "maand-laadrapport"
REVIEW_EXPORT_CSV = "maand-export-csv"
REVIEW_EXPORT_XLSX = "maand-export-xlsx"
REVIEW_EXPORT_DUTCH = "maand-export-nl"
REVIEW_DOWNLOAD = "maand-download"
