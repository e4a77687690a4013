-- Published load counts per delivery (row counts of files, not of people).
-- grain: one row per delivery_id
select * from marts.delivery_report
