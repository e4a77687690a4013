-- Yearly CBS figures of some areas since the baseline year (the earliest year published),
-- with absolute numbers of households behind each share, for the NPLV comparison.
-- grain: one row per area_code x year
with baseline as (
    select min(year) as year from indicators_year
),

figures as (
    select area_code, year, households, low_income_pct, social_minimum_pct,
        problematic_debt_pct, null_reason, source, is_demo
    from indicators_year
    where list_contains($codes, area_code)
      and year >= (select year from baseline)
),

final as (
    select
        area_code,
        year,
        households,
        low_income_pct,
        round(low_income_pct * households / 100) as low_income_households,
        social_minimum_pct,
        round(social_minimum_pct * households / 100) as social_minimum_households,
        problematic_debt_pct,
        round(problematic_debt_pct * households / 100) as problematic_debt_households,
        null_reason,
        source,
        is_demo
    from figures
)

select * from final
order by area_code, year
