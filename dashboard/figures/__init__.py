"""Figures: pure functions from frames to Plotly figures or Patches (no data access)."""

import plotly.io as pio

# One calm house style for every chart: white background, light grid, system font.
pio.templates.default = "simple_white+gridon"
