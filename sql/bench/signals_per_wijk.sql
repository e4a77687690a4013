-- The baseline in DuckDB: signals and distinct households per wijk for one month and partner
-- type ('Totaal' = all), counted from the warehouse's signal rows on every request.
-- grain: one row per wijk_code
select
    wijk_code,
    count(*) as signals,
    count(distinct household_key) as households
from staging.stg_signals__signal
where month = $month and ($partner = 'Totaal' or partner_type = $partner)
group by wijk_code
order by wijk_code
