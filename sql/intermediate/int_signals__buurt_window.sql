-- Signals and distinct households per buurt, month and partner type, over rolling windows
-- of 1, 3 and 12 months ending in that month. 'Totaal' covers all partner types.
-- Households are distinct addresses: an address lies in one buurt, so buurt counts add up
-- to any larger area. A household counts once per window however many signals it had:
-- each of its signal months opens an interval [month, month + window - 1], cut short where
-- its next signal month starts, and the open intervals are counted per month.
-- Households are told apart by a 64-bit hash of their key: grouping and sorting on it is
-- far cheaper than on the 32-character key, and within one buurt (a few thousand
-- addresses) two keys sharing a hash is a chance of about 1 in 10^12.
-- Intervals are counted per (buurt, partner type, month, gap to the next signal month),
-- so the work after the household sort no longer grows with the number of signals; every
-- window then follows from running totals over the months and fixed lags, without
-- expanding intervals per window. Windows are at most 12 months: longer gaps behave alike
-- and are capped.
-- grain: one row per buurt_code x partner_type x window_months x month
with signal as (
    select
        buurt_code,
        partner_type,
        hash(household_key) as household,
        year(month) * 12 + month(month) - 1 as month_index
    from staging.stg_signals__signal
),

calendar as (
    select * from intermediate.int_months__calendar
),

buurt as (
    select buurt_code from intermediate.int_areas__buurt
),

window_length as (
    select unnest([1, 3, 12]) as window_months
),

by_partner as (
    select buurt_code, partner_type, household, month_index from signal
    union all
    select buurt_code, 'Totaal', household, month_index from signal
),

monthly_signals as (
    select buurt_code, partner_type, month_index, count(*) as signals
    from by_partner
    group by all
),

household_months as (
    select
        buurt_code,
        partner_type,
        month_index,
        lead(month_index) over (
            partition by buurt_code, partner_type, household order by month_index
        ) - month_index as gap
    from (select distinct buurt_code, partner_type, household, month_index from by_partner)
),

household_starts as (
    select
        buurt_code,
        partner_type,
        month_index,
        least(coalesce(gap, 12), 12) as gap,
        count(*) as households
    from household_months
    group by all
),

-- Per buurt, partner type and month: its signals, and the household-months that start
-- there, by the gap to the household's next signal month (gap_12: 12 months or more, or
-- none; windows are at most 12 months long, so longer gaps behave alike).
month_counts as (
    select
        buurt_code,
        partner_type,
        month_index,
        sum(signals) as signals,
        sum(households) filter (where gap = 1) as gap_1,
        sum(households) filter (where gap = 2) as gap_2,
        sum(households) filter (where gap = 3) as gap_3,
        sum(households) filter (where gap = 4) as gap_4,
        sum(households) filter (where gap = 5) as gap_5,
        sum(households) filter (where gap = 6) as gap_6,
        sum(households) filter (where gap = 7) as gap_7,
        sum(households) filter (where gap = 8) as gap_8,
        sum(households) filter (where gap = 9) as gap_9,
        sum(households) filter (where gap = 10) as gap_10,
        sum(households) filter (where gap = 11) as gap_11,
        sum(households) filter (where gap = 12) as gap_12
    from (
        select buurt_code, partner_type, month_index, signals, 0 as households, 0 as gap
        from monthly_signals
        union all
        select buurt_code, partner_type, month_index, 0, households, gap
        from household_starts
    )
    group by all
),

combos as (
    select buurt_code, 'Totaal' as partner_type from buurt
    union
    select distinct buurt_code, partner_type from monthly_signals
),

-- Running totals over every month (no gaps), per buurt and partner type: signals so far,
-- and household intervals opened so far, by gap.
running as (
    select
        combos.buurt_code,
        combos.partner_type,
        calendar.month,
        calendar.month_index,
        sum(coalesce(month_counts.signals, 0)) over so_far as signals_so_far,
        sum(coalesce(month_counts.gap_1, 0)) over so_far as opened_1,
        sum(coalesce(month_counts.gap_2, 0)) over so_far as opened_2,
        sum(coalesce(month_counts.gap_3, 0)) over so_far as opened_3,
        sum(coalesce(month_counts.gap_4, 0)) over so_far as opened_4,
        sum(coalesce(month_counts.gap_5, 0)) over so_far as opened_5,
        sum(coalesce(month_counts.gap_6, 0)) over so_far as opened_6,
        sum(coalesce(month_counts.gap_7, 0)) over so_far as opened_7,
        sum(coalesce(month_counts.gap_8, 0)) over so_far as opened_8,
        sum(coalesce(month_counts.gap_9, 0)) over so_far as opened_9,
        sum(coalesce(month_counts.gap_10, 0)) over so_far as opened_10,
        sum(coalesce(month_counts.gap_11, 0)) over so_far as opened_11,
        sum(coalesce(month_counts.gap_12, 0)) over so_far as opened_12
    from combos
    cross join calendar
    left join month_counts
        on month_counts.buurt_code = combos.buurt_code
        and month_counts.partner_type = combos.partner_type
        and month_counts.month_index = calendar.month_index
    window so_far as (
        partition by combos.buurt_code, combos.partner_type
        order by calendar.month_index
        rows between unbounded preceding and current row
    )
),

-- A window of w months ending in M holds the signals since M - w, and the households whose
-- interval opened by M and had not closed by then: an interval opened in month m with gap g
-- closes in month m + least(w, g), so the ones closed by M are those opened by
-- M - least(w, g). Every month has a row, so 'k months earlier' is lag k.
windowed as (
    select
        buurt_code,
        partner_type,
        month,
        month_index,
        signals_so_far - lag(signals_so_far, 1, 0) over by_month as signals_1,
        signals_so_far - lag(signals_so_far, 3, 0) over by_month as signals_3,
        signals_so_far - lag(signals_so_far, 12, 0) over by_month as signals_12,
        (opened_1 + opened_2 + opened_3 + opened_4 + opened_5 + opened_6 + opened_7 + opened_8 + opened_9 + opened_10 + opened_11 + opened_12)
            - lag(opened_1 + opened_2 + opened_3 + opened_4 + opened_5 + opened_6 + opened_7 + opened_8 + opened_9 + opened_10 + opened_11 + opened_12, 1, 0) over by_month as households_1,
        (opened_1 + opened_2 + opened_3 + opened_4 + opened_5 + opened_6 + opened_7 + opened_8 + opened_9 + opened_10 + opened_11 + opened_12)
            - lag(opened_1, 1, 0) over by_month
            - lag(opened_2, 2, 0) over by_month
            - lag(opened_3 + opened_4 + opened_5 + opened_6 + opened_7 + opened_8 + opened_9 + opened_10 + opened_11 + opened_12, 3, 0) over by_month as households_3,
        (opened_1 + opened_2 + opened_3 + opened_4 + opened_5 + opened_6 + opened_7 + opened_8 + opened_9 + opened_10 + opened_11 + opened_12)
            - (lag(opened_1, 1, 0) over by_month
            + lag(opened_2, 2, 0) over by_month
            + lag(opened_3, 3, 0) over by_month
            + lag(opened_4, 4, 0) over by_month
            + lag(opened_5, 5, 0) over by_month
            + lag(opened_6, 6, 0) over by_month
            + lag(opened_7, 7, 0) over by_month
            + lag(opened_8, 8, 0) over by_month
            + lag(opened_9, 9, 0) over by_month
            + lag(opened_10, 10, 0) over by_month
            + lag(opened_11, 11, 0) over by_month
            + lag(opened_12, 12, 0) over by_month) as households_12
    from running
    window by_month as (partition by buurt_code, partner_type order by month_index)
),

final as (
    select
        windowed.buurt_code,
        windowed.partner_type,
        window_length.window_months,
        windowed.month,
        case window_length.window_months
            when 1 then windowed.signals_1
            when 3 then windowed.signals_3
            else windowed.signals_12
        end as signals,
        case window_length.window_months
            when 1 then windowed.households_1
            when 3 then windowed.households_3
            else windowed.households_12
        end as households,
        least(windowed.month_index - first_month.month_index + 1, window_length.window_months)
            as months_covered
    from windowed
    cross join window_length
    cross join (select min(month_index) as month_index from calendar) as first_month
)

select * from final
