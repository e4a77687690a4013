-- The naive baseline's input: every signal row in the warehouse, with the columns the map's
-- numbers need (what a dashboard without pre-aggregation would hold in memory).
-- grain: one row per signal_key
select month, partner_type, wijk_code, household_key
from staging.stg_signals__signal
