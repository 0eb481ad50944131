-- The Overview's cards per period and segment: revenue, gross profit and margin, receipts,
-- receivables at the period's end, active and new customers, each with the previous period's.
-- Sales are credited to the order's department and salesperson (as in period_comparison);
-- receipts, receivables and new customers to the customer's owner; region and grade are the
-- customer's (grade: T12M). Receivables follow int_customer_balances; growth rates the
-- growth_rate macro (docs/definitions.md).
with

periods as (

    select * from {{ ref('periods') }}

),

segments as (

    select * from {{ ref('customer_segments') }}

),

-- Sales are the orders' (each order's department and salesperson): sales_orders, a third of the lines' rows.
orders as (

    select * from {{ ref('sales_orders') }}

),

customer_receipts as (

    select * from {{ ref('int_period_customer_receipts') }}

),

first_orders as (

    select * from {{ ref('int_customer_first_orders') }}

),

balances as (

    select * from {{ ref('int_customer_balances') }}

),

-- Each customer's orders per period, department and salesperson summed first: the segments are
-- joined to 321,301 rows instead of the 4.8M the orders give over the (overlapping) periods at 10M
-- lines. A customer is active where one of those orders is not a return.
customer_sales as (

    select periods.period, orders.customer_id, orders.department_id, orders.salesperson_id,
        sum(orders.revenue) as revenue, sum(orders.gross_profit) as gross_profit,
        bool_or(not orders.is_return) as has_order
    from orders
    inner join periods on orders.order_date between periods.period_start and periods.period_end
    group by all

),

sales as (

    select customer_sales.period, customer_sales.department_id, customer_sales.salesperson_id, segments.region, segments.grade,
        customer_sales.customer_id, customer_sales.revenue, customer_sales.gross_profit, customer_sales.has_order
    from customer_sales
    inner join segments on customer_sales.customer_id = segments.customer_id

),

sales_totals as (

    select period, {{ segment_columns() }}, sum(revenue) as revenue, sum(gross_profit) as gross_profit,
        count(distinct customer_id) filter (where has_order) as active_customers
    from sales
    group by {{ segment_grouping_sets(['period']) }}

),

customer_facts as (

    select periods.period, first_orders.customer_id, 1 as is_new, 0 as receipts, 0 as receivables
    from first_orders
    inner join periods on first_orders.first_order_date between periods.period_start and periods.period_end
    union all
    select period, customer_id, 0, receipts, 0
    from customer_receipts
    union all
    select periods.period, balances.customer_id, 0, 0, balances.open_balance
    from balances
    inner join periods on balances.balance_date = periods.period_end
    where balances.open_balance > 0

),

customer_rows as (

    select customer_facts.period, segments.department_id, segments.salesperson_id, segments.region, segments.grade,
        customer_facts.is_new, customer_facts.receipts, customer_facts.receivables
    from customer_facts
    inner join segments on customer_facts.customer_id = segments.customer_id

),

customer_totals as (

    select period, {{ segment_columns() }}, sum(is_new) as new_customers, sum(receipts) as receipts, sum(receivables) as receivables
    from customer_rows
    group by {{ segment_grouping_sets(['period']) }}

),

figures as (

    select periods.period, periods.previous_period, customer_totals.dimension, customer_totals.member,
        sales_totals.revenue, sales_totals.gross_profit, sales_totals.gross_profit / nullif(sales_totals.revenue, 0) as margin,
        customer_totals.receipts, customer_totals.receivables, sales_totals.active_customers, customer_totals.new_customers
    from customer_totals
    inner join periods using (period)
    left join sales_totals using (period, dimension, member)

),

with_previous as (

    select current_period.*,
        previous.revenue as prev_revenue, previous.gross_profit as prev_gross_profit, previous.margin as prev_margin,
        previous.receipts as prev_receipts, previous.receivables as prev_receivables,
        previous.active_customers as prev_active_customers, previous.new_customers as prev_new_customers
    from figures as current_period
    left join figures as previous
        on previous.period = current_period.previous_period
        and previous.dimension = current_period.dimension
        and previous.member = current_period.member
    where current_period.period <> 'T12M-1'

),

final as (

    select *,
        {{ growth_rate('revenue', 'prev_revenue') }} as revenue_growth_rate,
        {{ growth_rate('gross_profit', 'prev_gross_profit') }} as gross_profit_growth_rate,
        {{ growth_rate('margin', 'prev_margin') }} as margin_growth_rate,
        {{ growth_rate('receipts', 'prev_receipts') }} as receipts_growth_rate,
        {{ growth_rate('receivables', 'prev_receivables') }} as receivables_growth_rate,
        {{ growth_rate('active_customers', 'prev_active_customers') }} as active_customers_growth_rate,
        {{ growth_rate('new_customers', 'prev_new_customers') }} as new_customers_growth_rate
    from with_previous

)

select * from final
order by period, dimension, member
