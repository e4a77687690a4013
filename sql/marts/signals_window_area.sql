-- Signals and households with a signal per area (buurt, wijk, gemeente, custom areas),
-- month, partner type and rolling window (1, 3, 12 months). The exact counts; publishing
-- suppresses small ones. Buurt counts are summed into larger areas, never recounted: the
-- monthly counts of intermediate.int_signals__buurt_month add up over buurten, so they are
-- summed per area first and the windows are taken per area, over every calendar month (far
-- fewer rows than windowing every buurt and regrouping the windows per area).
-- Rows come in a fixed order (area_level, window_months, partner_type, month, area_code):
-- publishing numbers cells by row position. Areas and partner types are ranked in that
-- order and the sort runs on one integer built from the ranks, which is much cheaper on
-- ~4 M rows than sorting on the text columns.
-- grain: one row per area_code x partner_type x window_months x month
with buurt_month as (
    select * from intermediate.int_signals__buurt_month
),

membership as (
    select * from intermediate.int_areas__membership
),

calendar as (
    select * from intermediate.int_months__calendar
),

window_length as (
    select unnest([1, 3, 12]) as window_months
),

area as (
    select
        area_code,
        area_level,
        (row_number() over (order by area_level, area_code))::integer as area_rank,
        (dense_rank() over (order by area_level))::integer as level_rank
    from (
        select area_code, any_value(area_level) as area_level
        from membership
        group by area_code
    )
),

partner as (
    select partner_type, (row_number() over (order by partner_type))::integer as partner_rank
    from (select distinct partner_type from buurt_month union select 'Totaal')
),

-- Sizes of the ranks and months, to build the sort key.
bounds as (
    select
        (select min(month_index) from calendar) as first_month_index,
        (select count(*) from calendar) as months,
        (select count(*) + 1 from partner) as partners,
        (select count(*) + 1 from area) as areas
),

area_month as (
    select
        area.area_rank,
        partner.partner_rank,
        buurt_month.month_index,
        sum(buurt_month.signals)::integer as signals,
        sum(buurt_month.households)::integer as households,
        sum(buurt_month.superseded_change_3)::integer as superseded_change_3,
        sum(buurt_month.superseded_change_12)::integer as superseded_change_12
    from buurt_month
    inner join membership on membership.buurt_code = buurt_month.buurt_code
    inner join area on area.area_code = membership.area_code
    inner join partner on partner.partner_type = buurt_month.partner_type
    group by area.area_rank, partner.partner_rank, buurt_month.month_index
),

-- Every area has a 'Totaal' series; a partner type's series only where it had a signal.
series as (
    select area.area_rank, partner.partner_rank
    from area
    cross join partner
    where partner.partner_type = 'Totaal'
    union
    select distinct area_rank, partner_rank from area_month
),

series_month as (
    select
        series.area_rank,
        series.partner_rank,
        calendar.month_index,
        coalesce(area_month.signals, 0) as signals,
        coalesce(area_month.households, 0) as households,
        coalesce(area_month.superseded_change_3, 0) as superseded_change_3,
        coalesce(area_month.superseded_change_12, 0) as superseded_change_12
    from series
    cross join calendar
    left join area_month
        on area_month.area_rank = series.area_rank
        and area_month.partner_rank = series.partner_rank
        and area_month.month_index = calendar.month_index
),

-- Every month has a row, so 'the last w months' is the current row and the w - 1 before it.
-- Households: those of the last w months, minus the superseded household-months still in
-- the window (see intermediate.int_signals__buurt_month).
windowed as (
    select
        area_rank,
        partner_rank,
        month_index,
        signals as signals_1,
        sum(signals) over (by_month rows 2 preceding) as signals_3,
        sum(signals) over (by_month rows 11 preceding) as signals_12,
        households as households_1,
        sum(households) over (by_month rows 2 preceding)
            - sum(superseded_change_3) over (by_month rows unbounded preceding)
            as households_3,
        sum(households) over (by_month rows 11 preceding)
            - sum(superseded_change_12) over (by_month rows unbounded preceding)
            as households_12
    from series_month
    window by_month as (partition by area_rank, partner_rank order by month_index)
),

final as (
    select
        area.area_code,
        area.area_level,
        partner.partner_type,
        window_length.window_months,
        calendar.month,
        case window_length.window_months
            when 1 then windowed.signals_1
            when 3 then windowed.signals_3
            else windowed.signals_12
        end::integer as signals,
        case window_length.window_months
            when 1 then windowed.households_1
            when 3 then windowed.households_3
            else windowed.households_12
        end::integer as households,
        least(windowed.month_index - bounds.first_month_index + 1,
            window_length.window_months)::integer as months_covered,
        -- area_level, window_months (at most 12), partner_type, month, area_code
        (((area.level_rank * 13 + window_length.window_months) * bounds.partners
            + partner.partner_rank) * bounds.months
            + windowed.month_index - bounds.first_month_index) * bounds.areas
            + area.area_rank as sort_key
    from windowed
    inner join area on area.area_rank = windowed.area_rank
    inner join partner on partner.partner_rank = windowed.partner_rank
    inner join calendar on calendar.month_index = windowed.month_index
    cross join window_length
    cross join bounds
)

select
    area_code,
    area_level,
    partner_type,
    window_months,
    month,
    signals,
    households,
    months_covered
from final
order by sort_key
