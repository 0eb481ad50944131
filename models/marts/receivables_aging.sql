-- Open balance per customer (with its salesperson) in aging buckets, and DSO: the open balance
-- over the last 90 days' invoicing, times 90 (days sales outstanding).
with

receivables as (

    select * from {{ ref('receivables') }}

),

invoices as (

    select * from {{ ref('int_invoices') }}

),

dates as (

    select * from {{ ref('report_dates') }}

),

invoiced_90d as (

    select invoices.customer_id, sum(invoices.amount) as invoiced_last_90_days
    from invoices
    cross join dates
    where invoices.invoice_date > dates.as_of_date - 90 and invoices.invoice_date <= dates.as_of_date
    group by invoices.customer_id

),

balances as (

    select
        customer_id,
        any_value(customer_name) as customer_name,
        any_value(salesperson_id) as salesperson_id,
        any_value(salesperson_name) as salesperson_name,
        any_value(department_id) as department_id,
        any_value(as_of_date) as as_of_date,
        sum(open_amount) filter (where aging_bucket = 'current') as current_amount,
        sum(open_amount) filter (where aging_bucket = '1-30') as overdue_1_30,
        sum(open_amount) filter (where aging_bucket = '31-60') as overdue_31_60,
        sum(open_amount) filter (where aging_bucket = '61-90') as overdue_61_90,
        sum(open_amount) filter (where aging_bucket = 'over 90') as overdue_over_90,
        sum(open_amount) as open_balance,
        sum(open_amount) filter (where days_overdue > 0) as overdue_balance,
        max(days_overdue) as max_days_overdue,
        count(*) as open_invoices

    from receivables
    group by customer_id

),

final as (

    select
        balances.customer_id,
        balances.customer_name,
        balances.salesperson_id,
        balances.salesperson_name,
        balances.department_id,
        balances.as_of_date,
        coalesce(balances.current_amount, 0) as current_amount,
        coalesce(balances.overdue_1_30, 0) as overdue_1_30,
        coalesce(balances.overdue_31_60, 0) as overdue_31_60,
        coalesce(balances.overdue_61_90, 0) as overdue_61_90,
        coalesce(balances.overdue_over_90, 0) as overdue_over_90,
        balances.open_balance,
        coalesce(balances.overdue_balance, 0) as overdue_balance,
        balances.max_days_overdue,
        balances.open_invoices,
        coalesce(invoiced_90d.invoiced_last_90_days, 0) as invoiced_last_90_days,
        round(90 * balances.open_balance / nullif(invoiced_90d.invoiced_last_90_days, 0), 1) as dso_days

    from balances
    left join invoiced_90d on balances.customer_id = invoiced_90d.customer_id

)

select * from final
