-- Published quarantine counts per delivery and reason.
-- grain: one row per delivery_id x reason
select * from marts.quarantine_reason
