"""The dashboard's only access to data: the published DuckDB file, read-only."""
