-- Invoices as the finance export gives them, renamed and typed; due dates are filled in
-- int_invoices.
with

source as (

    select * from {{ source('tierboard', 'invoices') }}

),

final as (

    select
        invoice_id,
        customer_id,
        order_id,
        invoice_date,
        due_date,
        amount

    from source

)

select * from final
