-- Invoices with a due date: the export's, else the customer's payment terms, else 30 days.
with

invoices as (

    select * from {{ ref('stg_invoices') }}

),

customers as (

    select * from {{ ref('int_customers') }}

),

final as (

    select
        invoices.invoice_id,
        invoices.customer_id,
        invoices.order_id,
        invoices.invoice_date,
        coalesce(invoices.due_date, invoices.invoice_date + cast(coalesce(customers.payment_terms_days, 30) as integer)) as due_date,
        invoices.amount

    from invoices
    left join customers on invoices.customer_id = customers.customer_id

)

select * from final
