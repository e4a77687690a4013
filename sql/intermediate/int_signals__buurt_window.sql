-- Signals and distinct households per buurt, month and partner type, over rolling windows
-- of 1, 3 and 12 months ending in that month. 'Totaal' covers all partner types.
-- Households are distinct addresses: an address lies in one buurt, so buurt counts add up
-- to any larger area. A household counts once per window however many signals it had:
-- each of its signal months opens an interval [month, month + window - 1], cut short where
-- its next signal month starts, and the open intervals are counted per month.
-- Households are told apart by a 64-bit hash of their key: grouping and sorting on it is
-- far cheaper than on the 32-character key, and within one buurt (a few thousand
-- addresses) two keys sharing a hash is a chance of about 1 in 10^12.
-- Intervals are counted per (buurt, partner type, month, gap to the next signal month)
-- before they are expanded over the windows, so the work after the household sort no
-- longer grows with the number of signals. Windows are at most 12 months: longer gaps
-- behave alike and are capped.
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

-- A window's count at a month is the running sum of its deltas: signals of a month enter
-- the window in that month and leave it `window_months` later; a household leaves when
-- its interval ends.
window_events as (
    select
        buurt_code, partner_type, window_months, month_index,
        signals as signal_delta, 0 as household_delta
    from monthly_signals
    cross join window_length
    union all
    select
        buurt_code, partner_type, window_months, month_index + window_months,
        -signals, 0
    from monthly_signals
    cross join window_length
    union all
    select
        buurt_code, partner_type, window_months, month_index,
        0, households
    from household_starts
    cross join window_length
    union all
    select
        buurt_code, partner_type, window_months,
        month_index + least(window_length.window_months, gap),
        0, -households
    from household_starts
    cross join window_length
),

window_deltas as (
    select
        buurt_code,
        partner_type,
        window_months,
        month_index,
        sum(signal_delta) as signal_delta,
        sum(household_delta) as household_delta
    from window_events
    group by all
),

combos as (
    select buurt_code, 'Totaal' as partner_type from buurt
    union
    select distinct buurt_code, partner_type from monthly_signals
),

dense as (
    select
        combos.buurt_code,
        combos.partner_type,
        window_length.window_months,
        calendar.month,
        calendar.month_index
    from combos
    cross join window_length
    cross join calendar
),

counted as (
    select
        dense.buurt_code,
        dense.partner_type,
        dense.window_months,
        dense.month,
        dense.month_index,
        coalesce(window_deltas.signal_delta, 0) as signal_delta,
        coalesce(window_deltas.household_delta, 0) as household_delta
    from dense
    left join window_deltas
        on window_deltas.buurt_code = dense.buurt_code
        and window_deltas.partner_type = dense.partner_type
        and window_deltas.window_months = dense.window_months
        and window_deltas.month_index = dense.month_index
),

rolled as (
    select
        buurt_code,
        partner_type,
        window_months,
        month,
        month_index,
        sum(signal_delta) over running as signals,
        sum(household_delta) over running as households
    from counted
    window running as (
        partition by buurt_code, partner_type, window_months
        order by month_index
        rows between unbounded preceding and current row
    )
),

final as (
    select
        rolled.buurt_code,
        rolled.partner_type,
        rolled.window_months,
        rolled.month,
        rolled.signals,
        rolled.households,
        least(rolled.month_index - first_month.month_index + 1, rolled.window_months)
            as months_covered
    from rolled
    cross join (select min(month_index) as month_index from calendar) as first_month
)

select * from final
