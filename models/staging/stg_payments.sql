with

source as (

    select * from {{ source('tierboard', 'payments') }}

),

invoices as (

    select * from {{ source('tierboard', 'invoices') }}

),

final as (

    select
        source.payment_id,
        coalesce(source.customer_id, invoices.customer_id) as customer_id,
        source.invoice_id,
        source.payment_date,
        source.amount

    from source
    left join invoices on source.invoice_id = invoices.invoice_id

)

select * from final
