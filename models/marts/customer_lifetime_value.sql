-- Lifetime value per customer that ever bought: revenue and gross profit from the first order to
-- the as-of period end (returns included), tenure in years from the first order to the last
-- order (at least one day), and the average revenue and gross profit per year of tenure. Orders
-- are sales_orders' rows (one per order), counted without a distinct.
with

periods as (

    select * from {{ ref('periods') }} where period = 'T12M'

),

orders as (

    select * from {{ ref('sales_orders') }}

),

final as (

    select
        orders.customer_id,
        min(orders.order_date) filter (where not orders.is_return) as first_order_date,
        max(orders.order_date) filter (where not orders.is_return) as last_order_date,
        sum(orders.revenue) as lifetime_revenue,
        sum(orders.gross_profit) as lifetime_gross_profit,
        count(*) filter (where not orders.is_return) as lifetime_orders,
        greatest(date_diff('day', min(orders.order_date) filter (where not orders.is_return), max(orders.order_date) filter (where not orders.is_return)), 1) / 365.25 as tenure_years,
        sum(orders.revenue) / (greatest(date_diff('day', min(orders.order_date) filter (where not orders.is_return), max(orders.order_date) filter (where not orders.is_return)), 1) / 365.25) as revenue_per_year

    from orders, periods
    where orders.order_date <= periods.period_end
    group by all
    having count(*) filter (where not orders.is_return) > 0

)

select * from final
