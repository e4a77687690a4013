-- Structural indicators per area and year: households, inhabitants, % low income,
-- % on or around the social minimum, % with registered problematic debts.
-- Buurt, wijk and gemeente carry CBS's own figures. Custom areas are recomputed from their
-- buurten: counts add, percentages are re-derived from summed numerators (pct x households)
-- and summed households, never averaged; only when the buurten with a value hold at least
-- 90 % of the area's households.
-- grain: one row per area_code x year
with indicator as (
    select * from staging.stg_cbs__indicator
),

membership as (
    select * from intermediate.int_areas__membership
    where area_level not in ('buurt', 'wijk', 'gemeente')
),

own as (
    select
        area_code,
        year,
        max(value) filter (where measure = 'inhabitants') as inhabitants,
        max(value) filter (where measure = 'households') as households,
        max(value) filter (where measure = 'low_income_pct') as low_income_pct,
        max(value) filter (where measure = 'social_minimum_pct') as social_minimum_pct,
        max(value) filter (where measure = 'problematic_debt_pct') as problematic_debt_pct,
        string_agg(distinct null_reason, '; ' order by null_reason) as null_reason,
        string_agg(distinct source, '; ' order by source) as source,
        bool_or(is_demo) as is_demo
    from indicator
    group by area_code, year
),

buurt_values as (
    select
        membership.area_code,
        own.year,
        own.households,
        own.inhabitants,
        own.low_income_pct,
        own.social_minimum_pct,
        own.problematic_debt_pct,
        own.source,
        own.is_demo
    from membership
    inner join own on own.area_code = membership.buurt_code
),

custom as (
    select
        area_code,
        year,
        sum(inhabitants) as inhabitants,
        sum(households) as households,
        case when sum(households) filter (where low_income_pct is not null)
                >= 0.9 * sum(households)
            then sum(low_income_pct * households) filter (where low_income_pct is not null)
                / sum(households) filter (where low_income_pct is not null)
        end as low_income_pct,
        case when sum(households) filter (where social_minimum_pct is not null)
                >= 0.9 * sum(households)
            then sum(social_minimum_pct * households)
                filter (where social_minimum_pct is not null)
                / sum(households) filter (where social_minimum_pct is not null)
        end as social_minimum_pct,
        case when sum(households) filter (where problematic_debt_pct is not null)
                >= 0.9 * sum(households)
            then sum(problematic_debt_pct * households)
                filter (where problematic_debt_pct is not null)
                / sum(households) filter (where problematic_debt_pct is not null)
        end as problematic_debt_pct,
        case
            when sum(households) filter (where low_income_pct is not null)
                    < 0.9 * sum(households)
                or sum(households) filter (where social_minimum_pct is not null)
                    < 0.9 * sum(households)
                or sum(households) filter (where problematic_debt_pct is not null)
                    < 0.9 * sum(households)
                then 'onvolledig: buurten met geheime of ontbrekende cijfers dekken meer dan '
                    || '10 % van de huishoudens'
        end as null_reason,
        'herberekend uit buurten: ' || string_agg(distinct source, '; ' order by source)
            as source,
        bool_or(is_demo) as is_demo
    from buurt_values
    group by area_code, year
),

combined as (
    select * from own
    union all by name
    select * from custom
),

final as (
    select
        area_code,
        year,
        inhabitants::integer as inhabitants,
        households::integer as households,
        round(low_income_pct, 1) as low_income_pct,
        round(social_minimum_pct, 1) as social_minimum_pct,
        round(problematic_debt_pct, 1) as problematic_debt_pct,
        null_reason,
        source,
        is_demo
    from combined
)

select * from final
order by area_code, year
