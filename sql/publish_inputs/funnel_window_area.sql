-- Exact funnel counts of complete windows (only those are published), the input of
-- disclosure control.
select * from marts.funnel_window_area
where months_covered = window_months
