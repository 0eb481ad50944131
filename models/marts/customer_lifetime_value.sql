-- Lifetime value per customer that ever bought: revenue and gross profit from the first order to
-- the as-of period end (returns included), tenure in years from the first order to the last
-- order (at least one day), and the average revenue and gross profit per year of tenure.
with

periods as (

    select * from {{ ref('periods') }} where period = 'T12M'

),

lines as (

    select * from {{ ref('sales_lines') }}

),

final as (

    select
        lines.customer_id,
        min(lines.order_date) filter (where not lines.is_return) as first_order_date,
        max(lines.order_date) filter (where not lines.is_return) as last_order_date,
        sum(lines.revenue) as lifetime_revenue,
        sum(lines.gross_profit) as lifetime_gross_profit,
        count(distinct lines.order_id) filter (where not lines.is_return) as lifetime_orders,
        greatest(date_diff('day', min(lines.order_date) filter (where not lines.is_return), max(lines.order_date) filter (where not lines.is_return)), 1) / 365.25 as tenure_years,
        sum(lines.revenue) / (greatest(date_diff('day', min(lines.order_date) filter (where not lines.is_return), max(lines.order_date) filter (where not lines.is_return)), 1) / 365.25) as revenue_per_year

    from lines, periods
    where lines.order_date <= periods.period_end
    group by all
    having count(*) filter (where not lines.is_return) > 0

)

select * from final
