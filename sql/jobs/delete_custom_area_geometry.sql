-- Outlines of custom areas are derived data: drop them before recomputing.
delete from raw.boundary where level not in ('buurt', 'wijk', 'gemeente')
