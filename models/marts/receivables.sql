-- Open receivables per invoice as of the as-of date: invoiced amount less what was received by
-- then, with days overdue and the aging bucket (DOMAIN.md: days overdue = as-of date - due date,
-- when unpaid and positive).
with

invoices as (

    select * from {{ ref('stg_invoices') }}

),

payments as (

    select * from {{ ref('stg_payments') }}

),

customers as (

    select * from {{ ref('stg_customers') }}

),

salespeople as (

    select * from {{ ref('stg_salespeople') }}

),

dates as (

    select * from {{ ref('report_dates') }}

),

paid as (

    select payments.invoice_id, sum(payments.amount) as paid_amount
    from payments
    cross join dates
    where payments.payment_date <= dates.as_of_date and payments.invoice_id is not null
    group by payments.invoice_id

),

open_items as (

    select
        invoices.invoice_id,
        invoices.customer_id,
        coalesce(customers.customer_name, invoices.customer_id) as customer_name,
        coalesce(customers.salesperson_id, 'unassigned') as salesperson_id,
        coalesce(salespeople.salesperson_name, customers.salesperson_id, 'unassigned') as salesperson_name,
        coalesce(customers.department_id, 'unassigned') as department_id,
        invoices.invoice_date,
        invoices.due_date,
        invoices.amount,
        coalesce(paid.paid_amount, 0) as paid_amount,
        invoices.amount - coalesce(paid.paid_amount, 0) as open_amount,
        greatest(date_diff('day', invoices.due_date, dates.as_of_date), 0) as days_overdue,
        dates.as_of_date

    from invoices
    cross join dates
    left join paid on invoices.invoice_id = paid.invoice_id
    left join customers on invoices.customer_id = customers.customer_id
    left join salespeople on customers.salesperson_id = salespeople.salesperson_id
    where invoices.invoice_date <= dates.as_of_date
        and invoices.amount > 0
        and invoices.amount - coalesce(paid.paid_amount, 0) > 0.005

),

final as (

    select
        *,
        case
            when days_overdue = 0 then 'current'
            when days_overdue <= 30 then '1-30'
            when days_overdue <= 60 then '31-60'
            when days_overdue <= 90 then '61-90'
            else 'over 90'
        end as aging_bucket

    from open_items

)

select * from final
