-- An invoice without a due date is due after the customer's payment terms, or 30 days.
with

source as (

    select * from {{ source('tierboard', 'invoices') }}

),

customers as (

    select * from {{ ref('stg_customers') }}

),

final as (

    select
        source.invoice_id,
        source.customer_id,
        source.order_id,
        source.invoice_date,
        coalesce(source.due_date, source.invoice_date + cast(coalesce(customers.payment_terms_days, 30) as integer)) as due_date,
        source.amount

    from source
    left join customers on source.customer_id = customers.customer_id

)

select * from final
