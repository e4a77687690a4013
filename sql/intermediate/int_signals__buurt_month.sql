-- Per buurt, partner type and month: the signals, the households with a signal, and the
-- changes a rolling window needs to count every household once. 'Totaal' covers all
-- partner types. Households are distinct addresses and an address lies in one buurt, so all
-- of these add up to any larger area: the signals_window_area mart sums them per area
-- first and takes the windows there.
-- A household counts once in a window, in its latest signal month there. So the households
-- in a window of w months ending in M are the households of its months, minus the
-- household-months that the same household followed with another signal month by M. Such a
-- household-month is 'superseded': superseded_change_w is +1 in the month the household
-- signals again (if within w months) and -1 in the month the earlier month leaves the
-- w-month window; its running sum is the number superseded in the window. Months after the
-- last signal month are left out: nothing is reported for them.
-- Households are told apart by a 64-bit hash of their key: grouping and sorting on it is
-- far cheaper than on the 32-character key, and within one buurt (a few thousand
-- addresses) two keys sharing a hash is a chance of about 1 in 10^12.
-- Most households have a single signal: only the signals of the others go through the sort
-- by household and month that finds each one's next signal month.
-- grain: one row per buurt_code x partner_type x month_index
with signal as (
    select
        buurt_code,
        partner_type,
        hash(household_key) as household,
        (year(month) * 12 + month(month) - 1)::integer as month_index
    from staging.stg_signals__signal
),

calendar as (
    select * from intermediate.int_months__calendar
),

repeat_household as (
    select household
    from signal
    group by household
    having count(*) > 1
),

-- A household with one signal is one household-month, never superseded.
single_month as (
    select
        buurt_code,
        if(grouping(partner_type) = 1, 'Totaal', partner_type) as partner_type,
        month_index,
        count(*) as signals
    from signal
    anti join repeat_household on repeat_household.household = signal.household
    group by grouping sets ((buurt_code, partner_type, month_index), (buurt_code, month_index))
),

repeat_signal as (
    select signal.buurt_code, signal.partner_type, signal.household, signal.month_index
    from signal
    semi join repeat_household on repeat_household.household = signal.household
),

repeat_by_partner as (
    select buurt_code, partner_type, household, month_index from repeat_signal
    union all
    select buurt_code, 'Totaal', household, month_index from repeat_signal
),

repeat_household_month as (
    select buurt_code, partner_type, household, month_index, count(*) as signals
    from repeat_by_partner
    group by buurt_code, partner_type, household, month_index
),

-- gap: months to the household's next signal month in this buurt and partner type (NULL:
-- none).
repeat_gap as (
    select
        buurt_code,
        partner_type,
        month_index,
        signals,
        lead(month_index) over (
            partition by buurt_code, partner_type, household order by month_index
        ) - month_index as gap
    from repeat_household_month
),

repeat_event as (
    select
        buurt_code,
        partner_type,
        month_index,
        signals,
        1 as households,
        0 as superseded_change_3,
        0 as superseded_change_12
    from repeat_gap
    union all
    select buurt_code, partner_type, month_index + gap, 0, 0, (gap < 3)::integer, 1
    from repeat_gap
    where gap < 12
    union all
    select buurt_code, partner_type, month_index + 3, 0, 0, -1, 0
    from repeat_gap
    where gap < 3
    union all
    select buurt_code, partner_type, month_index + 12, 0, 0, 0, -1
    from repeat_gap
    where gap < 12
),

repeat_month as (
    select
        buurt_code,
        partner_type,
        month_index,
        sum(signals) as signals,
        sum(households) as households,
        sum(superseded_change_3) as superseded_change_3,
        sum(superseded_change_12) as superseded_change_12
    from repeat_event
    semi join calendar on calendar.month_index = repeat_event.month_index
    group by buurt_code, partner_type, month_index
),

final as (
    select
        coalesce(single_month.buurt_code, repeat_month.buurt_code) as buurt_code,
        coalesce(single_month.partner_type, repeat_month.partner_type) as partner_type,
        coalesce(single_month.month_index, repeat_month.month_index) as month_index,
        (coalesce(single_month.signals, 0) + coalesce(repeat_month.signals, 0))::integer
            as signals,
        (coalesce(single_month.signals, 0) + coalesce(repeat_month.households, 0))::integer
            as households,
        coalesce(repeat_month.superseded_change_3, 0)::integer as superseded_change_3,
        coalesce(repeat_month.superseded_change_12, 0)::integer as superseded_change_12
    from single_month
    full outer join repeat_month
        on repeat_month.buurt_code = single_month.buurt_code
        and repeat_month.partner_type = single_month.partner_type
        and repeat_month.month_index = single_month.month_index
)

select * from final
