-- Invoices as the finance export gives them, renamed and typed; due dates are filled in
-- int_invoices. A row-wise view, as stg_order_lines: int_invoices adds the invoices of newer loads
-- (docs/incremental.md).
{{ config(materialized='view', meta={'row_wise': true}) }}

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
        amount,
        _load_id

    from source

)

select * from final
