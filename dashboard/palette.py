"""Colour-blind-safe palettes (ColorBrewer) and the greys for values that may not be shown."""

SEQUENTIAL = ["#fff7ec", "#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f",
              "#990000"]  # OrRd: light = low, dark = high
DIVERGING = ["#5e3c99", "#b2abd2", "#fdb863", "#e66101"]  # PuOr: below ... above average
SUPPRESSED_GREY = "#9e9e9e"
TOO_FEW_GREY = "#e0e0e0"
OUTLINE = "#111111"
AREA_LINE = "#ffffff"
LINE_AREA = "#d7301f"
LINE_GEMEENTE = "#4d4d4d"
LINE_FOCUS = "#5e3c99"
LINE_REST = "#1b9e77"
PARTNER_COLOURS = {
    "Zorg": "#1b9e77", "CAK Zorgverzekeringen": "#66a61e", "Huur": "#d95f02",
    "Energie": "#e6ab02", "Water": "#7570b3", "Hypotheek": "#a6761d", "Overige": "#666666",
    "DUO": "#e7298a", "Belastingdienst": "#1f78b4", "CAK Eigen bijdrage": "#b2df8a",
    "Dienst Toeslagen": "#fb9a99",
}
