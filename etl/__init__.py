"""Wijksignaal ETL: signal deliveries, CBS geography and statistics into a published DuckDB file.

Data flows one way: extract -> transform -> load -> sql (staging -> marts) -> publish.
"""
