-- Receipts as the finance export gives them; int_payments takes a missing customer from the
-- invoice. A row-wise view, as stg_order_lines: int_payments adds the receipts of newer loads
-- (docs/incremental.md).
{{ config(materialized='view', meta={'row_wise': true}) }}

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
        amount,
        _load_id

    from source

)

select * from final
