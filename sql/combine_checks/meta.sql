-- A published file's description of itself (gemeente, disclosure rules, period).
-- grain: one row per key
select key, value from meta
