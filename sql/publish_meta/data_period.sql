-- The period the published data covers, whether it is demo data, and when it was loaded.
select
    min(month) as first_month,
    max(month) as last_month,
    coalesce(bool_or(is_demo), false) as is_demo,
    (select max(loaded_at) from staging.stg_signals__delivery) as last_loaded_at
from staging.stg_signals__signal
