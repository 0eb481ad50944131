-- Receipts with their customer: the export's, else the customer of the invoice they name.
-- Incremental: a later run adds the receipts of newer loads, and makes again earlier receipts
-- whose invoice arrived only now (their customer and is_linked change); a change to the
-- invoices or receipts other than added rows rebuilds it in full.
{{ config(materialized='incremental', unique_key='payment_id') }}

with

payments as (

    select * from {{ ref('stg_payments') }}

),

invoices as (

    select * from {{ ref('stg_invoices') }}

),

{% if is_incremental() %}
built as (

    select coalesce(max(_load_id), -1) as load_id from {{ this }}

),
{% endif %}

final as (

    select
        payments.payment_id,
        coalesce(payments.customer_id, invoices.customer_id) as customer_id,
        payments.invoice_id,
        payments.payment_date,
        payments.amount,
        invoices.invoice_id is not null as is_linked,
        greatest(payments._load_id, invoices._load_id) as _load_id

    from payments
    left join invoices on payments.invoice_id = invoices.invoice_id
    {% if is_incremental() %}
    cross join built
    where payments._load_id > built.load_id or invoices._load_id > built.load_id
    {% endif %}

)

select * from final
