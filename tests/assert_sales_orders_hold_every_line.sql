-- sales_orders sums sales_lines: per order the same lines, quantity, revenue and gross profit,
-- and no order on one side only. Returns the orders that disagree.
with

lines as (

    select
        order_id,
        count(*) as line_count,
        sum(quantity) as quantity,
        sum(revenue) as revenue,
        sum(gross_profit) as gross_profit
    from {{ ref('sales_lines') }}
    group by order_id

),

orders as (

    select * from {{ ref('sales_orders') }}

)

select lines.order_id as line_order_id, orders.order_id
from lines
full outer join orders on lines.order_id = orders.order_id
where orders.order_id is null
    or lines.order_id is null
    or lines.line_count != orders.line_count
    or abs(coalesce(lines.quantity, 0) - coalesce(orders.quantity, 0)) > 1e-6
    or abs(lines.revenue - orders.revenue) > 1e-6 * greatest(1, abs(lines.revenue))
    or (lines.gross_profit is null) != (orders.gross_profit is null)
    or abs(lines.gross_profit - orders.gross_profit) > 1e-6 * greatest(1, abs(lines.gross_profit))
