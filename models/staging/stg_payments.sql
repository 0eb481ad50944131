-- Receipts as the finance export gives them; int_payments takes a missing customer from the
-- invoice. Incremental: a later run adds the receipts of loads newer than the table's
-- (docs/incremental.md).
{{ config(materialized='incremental', unique_key='payment_id') }}

with

source as (

    select * from {{ source('tierboard', 'payments') }}
    {% if is_incremental() %}
    where _load_id > (select coalesce(max(_load_id), -1) from {{ this }})
    {% endif %}

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
