-- Every customer with sales in a period has exactly one grade: grade counts add up to customers.
with

graded as (

    select period, count(*) as graded, count(*) filter (where final_grade in ('A', 'B', 'C', 'D')) as with_grade
    from {{ ref('customer_grades') }}
    group by period

),

active as (

    -- A line carries its order's customer and date, and sales_orders holds every order of the lines
    -- (assert_sales_orders_hold_every_line.sql): the orders, a third of the lines' rows, give the
    -- same customers.
    select periods.period, count(distinct orders.customer_id) as customers
    from {{ ref('sales_orders') }} as orders
    inner join {{ ref('periods') }} as periods on orders.order_date between periods.period_start and periods.period_end
    group by periods.period

)

select active.period, active.customers, graded.graded, graded.with_grade
from active
left join graded on active.period = graded.period
where graded.graded is distinct from active.customers or graded.with_grade is distinct from active.customers
