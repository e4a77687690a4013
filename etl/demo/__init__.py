"""The synthetic-delivery generator: writes demo files that the demo then loads through the
real ETL, exactly as a municipality's files would be loaded.

Geography and the 2024 wijk dwellings are real (CBS); everything about people, signals and
incomes is synthetic, seeded, calibrated to public figures and labelled "demo".
"""
