-- Receipts as the finance export gives them; int_payments takes a missing customer from the
-- invoice.
with

source as (

    select * from {{ source('tierboard', 'payments') }}

),

final as (

    select
        payment_id,
        customer_id,
        invoice_id,
        payment_date,
        amount

    from source

)

select * from final
