-- Published structural indicators. Percentages need at least $min_households households
-- (CBS's own rule for income figures); below that they are NULL, labelled as such.
-- grain: one row per area_code x year
with indicators as (
    select * from marts.indicators_year
),

final as (
    select
        area_code,
        year,
        inhabitants,
        households,
        case when households >= $min_households then low_income_pct end as low_income_pct,
        case when households >= $min_households then social_minimum_pct end
            as social_minimum_pct,
        case when households >= $min_households then problematic_debt_pct end
            as problematic_debt_pct,
        case
            when households is null or households < $min_households
                then 'te weinig huishoudens'
            else null_reason
        end as null_reason,
        source,
        is_demo
    from indicators
)

select * from final
