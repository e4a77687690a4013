"""Figures: pure functions from frames to Plotly figures or Patches (no data access)."""
