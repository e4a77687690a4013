"""Layout builders: pure functions from plain values to Dash components (no data access)."""
