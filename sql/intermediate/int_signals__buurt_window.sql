-- Signals and distinct households per buurt, month and partner type, over rolling windows
-- of 1, 3 and 12 months ending in that month. 'Totaal' covers all partner types.
-- Households are distinct addresses: an address lies in one buurt, so buurt counts add up
-- to any larger area. A household counts once per window however many signals it had:
-- each of its signal months opens an interval [month, month + window - 1], cut short where
-- its next signal month starts, and the open intervals are counted per month.
-- grain: one row per buurt_code x partner_type x window_months x month
with signal as (
    select
        buurt_code,
        partner_type,
        household_key,
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
    select buurt_code, partner_type, household_key, month_index from signal
    union all
    select buurt_code, 'Totaal', household_key, month_index from signal
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
        household_key,
        month_index,
        lead(month_index) over (
            partition by buurt_code, partner_type, household_key order by month_index
        ) as next_month_index
    from (select distinct buurt_code, partner_type, household_key, month_index from by_partner)
),

household_intervals as (
    select
        household_months.buurt_code,
        household_months.partner_type,
        window_length.window_months,
        household_months.month_index as start_index,
        least(
            household_months.month_index + window_length.window_months - 1,
            coalesce(household_months.next_month_index - 1, 1000000)
        ) as end_index
    from household_months
    cross join window_length
),

household_events as (
    select buurt_code, partner_type, window_months, start_index as month_index, 1 as delta
    from household_intervals
    union all
    select buurt_code, partner_type, window_months, end_index + 1, -1
    from household_intervals
),

household_deltas as (
    select buurt_code, partner_type, window_months, month_index, sum(delta) as delta
    from household_events
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
        coalesce(monthly_signals.signals, 0) as month_signals,
        coalesce(household_deltas.delta, 0) as household_delta
    from dense
    left join monthly_signals
        on monthly_signals.buurt_code = dense.buurt_code
        and monthly_signals.partner_type = dense.partner_type
        and monthly_signals.month_index = dense.month_index
    left join household_deltas
        on household_deltas.buurt_code = dense.buurt_code
        and household_deltas.partner_type = dense.partner_type
        and household_deltas.window_months = dense.window_months
        and household_deltas.month_index = dense.month_index
),

rolled as (
    select
        buurt_code,
        partner_type,
        window_months,
        month,
        month_index,
        sum(month_signals) over (
            partition by buurt_code, partner_type, window_months
            order by month_index
            range between window_months - 1 preceding and current row
        ) as signals,
        sum(household_delta) over (
            partition by buurt_code, partner_type, window_months
            order by month_index
            rows between unbounded preceding and current row
        ) as households
    from counted
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
