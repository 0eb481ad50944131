-- Invoices as the finance export gives them, renamed and typed; due dates are filled in
-- int_invoices. Incremental: a later run adds the invoices of loads newer than the table's
-- (docs/incremental.md).
{{ config(materialized='incremental', unique_key='invoice_id') }}

with

source as (

    select * from {{ source('tierboard', 'invoices') }}
    {% if is_incremental() %}
    where _load_id > (select coalesce(max(_load_id), -1) from {{ this }})
    {% endif %}

),

final as (

    select
        invoice_id,
        customer_id,
        order_id,
        invoice_date,
        due_date,
        amount,
        _load_id

    from source

)

select * from final
