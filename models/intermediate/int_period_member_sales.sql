-- Each member's sales per period, for every dimension of int_sales_member_days: its days summed
-- over each period of `periods` (every month, quarter and year, YTD, T12M and their comparisons).
-- topn ranks these, pareto draws their curves and customer_grades grades the customers from them;
-- summed once here, rather than each joining the days (or orders) to the overlapping periods (6.8M
-- day-period pairs at 10M lines).
with

periods as (

    select * from {{ ref('periods') }}

),

member_days as (

    select * from {{ ref('int_sales_member_days') }}

),

final as (

    select
        periods.period,
        member_days.dimension,
        member_days.member_id,
        any_value(member_days.member_name) as member_name,
        sum(member_days.revenue) as revenue,
        sum(member_days.gross_profit) as gross_profit,
        sum(member_days.quantity) as quantity,
        cast(sum(member_days.order_count) as bigint) as order_count

    from member_days
    inner join periods on member_days.order_date between periods.period_start and periods.period_end
    group by periods.period, member_days.dimension, member_days.member_id

)

select * from final
