-- Receipts with their customer: the export's, else the customer of the invoice they name.
with

payments as (

    select * from {{ ref('stg_payments') }}

),

invoices as (

    select * from {{ ref('stg_invoices') }}

),

final as (

    select
        payments.payment_id,
        coalesce(payments.customer_id, invoices.customer_id) as customer_id,
        payments.invoice_id,
        payments.payment_date,
        payments.amount,
        invoices.invoice_id is not null as is_linked

    from payments
    left join invoices on payments.invoice_id = invoices.invoice_id

)

select * from final
