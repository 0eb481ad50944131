-- The grading periods: each calendar year in the data ('2024') and T12M, the twelve months
-- ending on the last order date. T12M-1, the twelve months before those, exists only so that
-- T12M has a previous period to compare with.
with

dates as (

    select * from {{ ref('report_dates') }}

),

years as (

    select
        cast(y as varchar) as period,
        make_date(y, 1, 1) as period_start,
        least(make_date(y, 12, 31), dates.last_order_date) as period_end,
        cast(y - 1 as varchar) as previous_period,
        make_date(y, 12, 31) > dates.last_order_date as is_partial,
        'year' as period_type

    from dates, range(year(dates.first_order_date), year(dates.last_order_date) + 1) as t(y)

),

trailing_windows as (

    select
        'T12M' as period,
        cast(dates.last_order_date - interval 12 month + interval 1 day as date) as period_start,
        dates.last_order_date as period_end,
        'T12M-1' as previous_period,
        false as is_partial,
        'trailing' as period_type

    from dates

    union all

    select
        'T12M-1',
        cast(dates.last_order_date - interval 24 month + interval 1 day as date),
        cast(dates.last_order_date - interval 12 month as date),
        null,
        false,
        'comparison'

    from dates

),

combined as (

    select * from years
    union all
    select * from trailing_windows

),

final as (

    select
        combined.*,
        -- The current grading: T12M and the latest year.
        period = 'T12M' or period = (select max(period) from years) as is_current

    from combined

)

select * from final
