-- The monthly review of one level: per area the month's signals, last month's and the same
-- month last year's, the 12 months ending with it (oldest first), the CBS households of the
-- month's statistics year (or the nearest earlier year) and the expected count with its
-- rise flag. Suppressed counts stay NULL; has_* tells a suppressed month from a missing one.
-- grain: one row per area_code
with areas as (
    select area_code, area_name
    from area
    where area_level = $level
    qualify row_number() over (partition by area_code order by year desc) = 1
),

months as (
    select cast(unnest(generate_series(cast($month as date) - interval 12 month,
                                       cast($month as date), interval 1 month)) as date)
        as month
),

counts as (
    select area_code, month, signals
    from signals_window_area
    where area_level = $level
      and window_months = 1
      and partner_type = 'Totaal'
      and month between cast($month as date) - interval 12 month and cast($month as date)
),

area_months as (
    select
        areas.area_code,
        months.month,
        counts.signals,
        counts.month is not null as has_row
    from areas
    cross join months
    left join counts on counts.area_code = areas.area_code and counts.month = months.month
),

series as (
    select
        area_code,
        any_value(signals) filter (where month = cast($month as date)) as signals,
        bool_or(has_row) filter (where month = cast($month as date)) as has_month,
        any_value(signals) filter (
            where month = cast(cast($month as date) - interval 1 month as date)
        ) as signals_previous,
        bool_or(has_row) filter (
            where month = cast(cast($month as date) - interval 1 month as date)
        ) as has_previous,
        any_value(signals) filter (
            where month = cast(cast($month as date) - interval 12 month as date)
        ) as signals_year_ago,
        bool_or(has_row) filter (
            where month = cast(cast($month as date) - interval 12 month as date)
        ) as has_year_ago,
        list(signals order by month) filter (
            where month > cast(cast($month as date) - interval 12 month as date)
        ) as series,
        list(has_row order by month) filter (
            where month > cast(cast($month as date) - interval 12 month as date)
        ) as series_has_row
    from area_months
    group by area_code
),

structure_year as (
    select coalesce(max(year) filter (where year <= year(cast($month as date))), min(year))
        as year
    from indicators_year
    where households is not null
),

structure as (
    select
        indicators_year.area_code,
        indicators_year.year as structure_year,
        indicators_year.households as cbs_households
    from indicators_year
    inner join structure_year on structure_year.year = indicators_year.year
),

rise as (
    select area_code, expected, lower, upper, q_value, is_rise, is_delivery_problem
    from rise_month_area
    where area_level = $level and month = cast($month as date)
),

final as (
    select
        areas.area_code,
        areas.area_name,
        series.signals,
        series.has_month,
        series.signals_previous,
        series.has_previous,
        series.signals_year_ago,
        series.has_year_ago,
        series.series,
        series.series_has_row,
        structure.structure_year,
        structure.cbs_households,
        rise.expected,
        rise.lower,
        rise.upper,
        rise.q_value,
        rise.is_rise,
        rise.is_delivery_problem
    from areas
    left join series on series.area_code = areas.area_code
    left join structure on structure.area_code = areas.area_code
    left join rise on rise.area_code = areas.area_code
)

select * from final
order by area_name, area_code
