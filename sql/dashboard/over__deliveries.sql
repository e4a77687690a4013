-- Signal deliveries in the published data: how many, which formats, which period.
select
    count(*) as deliveries,
    string_agg(distinct source_format, ', ' order by source_format) as formats,
    min(period_start) as first_period,
    max(period_end) as last_period,
    sum(rows_loaded) as rows_loaded,
    max(loaded_at) as last_loaded_at
from delivery_report
