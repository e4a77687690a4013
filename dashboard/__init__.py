"""Wijksignaal dashboard: reads only the published DuckDB file, never the warehouse."""
