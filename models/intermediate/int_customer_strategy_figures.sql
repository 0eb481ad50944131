-- The figures the customer-strategy models rate, per month-end snapshot (0 = the end of the last
-- 12 months, 1 = the month-end before it, up to var('strategy_months')) and customer: revenue
-- and gross profit in the 12 months to the month-end and in the 12 before, orders and returns,
-- whether the customer is mature (a non-return order in the var('strategy_mature_months') months
-- to the month-end), payment behaviour on the invoices due in each of the two windows
-- (int_invoice_payments), invoices paid over var('phase_out_late_days') days late, and the open
-- weighted pipeline at the month-end (opportunities created by then and not closed by then).
with

periods as (

    select * from {{ ref('periods') }}

),

customer_orders as (

    select * from {{ ref('sales_orders') }}

),

invoice_payments as (

    select * from {{ ref('int_invoice_payments') }}

),

opportunities as (

    select * from {{ ref('stg_opportunities') }}

),

customers as (

    select * from {{ ref('int_customers') }}

),

month_ends as (

    select
        t.i as snapshot,
        case when t.i = 0 then periods.period_end else cast(last_day(periods.period_end - to_months(t.i)) as date) end as month_end

    from periods, range(0, {{ var('strategy_months') }}) as t(i)
    where periods.period = 'T12M'

),

windows as (

    select
        snapshot,
        month_end,
        cast(month_end - interval 12 month as date) as window_before,
        cast(month_end - interval 24 month as date) as previous_before,
        cast(month_end - to_months({{ var('strategy_mature_months') }}) as date) as mature_before

    from month_ends

),

-- sales_orders holds one row per order: its rows count orders, without a distinct (1.8 s of CPU at
-- 10M lines).
sales as (

    select
        windows.snapshot,
        customer_orders.customer_id,
        coalesce(sum(customer_orders.revenue) filter (where customer_orders.order_date > windows.window_before), 0) as revenue,
        coalesce(sum(customer_orders.gross_profit) filter (where customer_orders.order_date > windows.window_before), 0) as gross_profit,
        coalesce(sum(customer_orders.revenue) filter (where customer_orders.order_date <= windows.window_before and customer_orders.order_date > windows.previous_before), 0) as prev_revenue,
        count(*) filter (where customer_orders.order_date > windows.window_before) as orders,
        count(*) filter (where customer_orders.order_date > windows.window_before and not customer_orders.is_return) as sales_orders,
        count(*) filter (where customer_orders.order_date > windows.mature_before and not customer_orders.is_return) as mature_orders,
        max(customer_orders.order_date) filter (where not customer_orders.is_return) as last_order_date

    from windows
    inner join customer_orders
        on customer_orders.order_date <= windows.month_end
        and customer_orders.order_date > least(windows.previous_before, windows.mature_before)
    group by all

),

collection as (

    select
        windows.snapshot,
        invoice_payments.customer_id,
        sum(invoice_payments.amount) filter (where invoice_payments.due_date > windows.window_before) as amount_due,
        sum(least(invoice_payments.paid_by_due_date, invoice_payments.amount)) filter (where invoice_payments.due_date > windows.window_before) as paid_on_time,
        sum(invoice_payments.late_amount_days) filter (where invoice_payments.due_date > windows.window_before)
            / nullif(sum(invoice_payments.paid_total) filter (where invoice_payments.due_date > windows.window_before), 0) as avg_days_late,
        count(*) filter (
            where invoice_payments.due_date > windows.window_before
            and invoice_payments.days_late_when_paid > {{ var('phase_out_late_days') }}
            and invoice_payments.last_payment_date <= windows.month_end
        ) as late_invoices,
        sum(invoice_payments.amount) filter (where invoice_payments.due_date <= windows.window_before) as prev_amount_due,
        sum(least(invoice_payments.paid_by_due_date, invoice_payments.amount)) filter (where invoice_payments.due_date <= windows.window_before) as prev_paid_on_time

    from windows
    inner join invoice_payments
        on invoice_payments.due_date <= windows.month_end
        and invoice_payments.due_date > windows.previous_before
    group by all

),

pipeline as (

    select
        windows.snapshot,
        opportunities.customer_id,
        sum(opportunities.amount * opportunities.probability) as weighted_pipeline

    from windows
    inner join opportunities
        on opportunities.created_date <= windows.month_end
        and (opportunities.closed_date > windows.month_end or (opportunities.closed_date is null and opportunities.is_open))
    group by all

),

final as (

    select
        windows.snapshot,
        windows.month_end,
        customers.customer_id,
        coalesce(sales.mature_orders, 0) > 0 as is_mature,
        coalesce(sales.revenue, 0) as revenue,
        coalesce(sales.gross_profit, 0) as gross_profit,
        coalesce(sales.prev_revenue, 0) as prev_revenue,
        {{ growth_rate('coalesce(sales.revenue, 0)', 'sales.prev_revenue') }} as revenue_growth_rate,
        coalesce(sales.orders, 0) as orders,
        coalesce(sales.orders, 0) > 0 and coalesce(sales.sales_orders, 0) = 0 as is_returns_only,
        sales.last_order_date,
        collection.amount_due,
        collection.paid_on_time / nullif(collection.amount_due, 0) as on_time_share,
        round(coalesce(collection.avg_days_late, 0), 1) as avg_days_late,
        coalesce(collection.late_invoices, 0) as late_invoices,
        collection.prev_paid_on_time / nullif(collection.prev_amount_due, 0) as prev_on_time_share,
        coalesce(pipeline.weighted_pipeline, 0) as weighted_pipeline

    from windows
    cross join customers
    left join sales on sales.snapshot = windows.snapshot and sales.customer_id = customers.customer_id
    left join collection on collection.snapshot = windows.snapshot and collection.customer_id = customers.customer_id
    left join pipeline on pipeline.snapshot = windows.snapshot and pipeline.customer_id = customers.customer_id

)

select * from final
where is_mature or weighted_pipeline > 0 or revenue <> 0
