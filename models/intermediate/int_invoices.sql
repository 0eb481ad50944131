-- Invoices with a due date: the export's, else the customer's payment terms, else 30 days.
-- Incremental: a later run adds the invoices of newer loads; a change to the customers rebuilds it in full.
{{ config(materialized='incremental', unique_key='invoice_id') }}

with

invoices as (

    select * from {{ ref('stg_invoices') }}
    {% if is_incremental() %}
    where _load_id > (select coalesce(max(_load_id), -1) from {{ this }})
    {% endif %}

),

customers as (

    select * from {{ ref('int_customers') }}

),

final as (

    select
        invoices.invoice_id,
        invoices.customer_id,
        invoices.order_id,
        invoices.invoice_date,
        coalesce(invoices.due_date, invoices.invoice_date + cast(coalesce(customers.payment_terms_days, 30) as integer)) as due_date,
        invoices.amount,
        invoices._load_id

    from invoices
    left join customers on invoices.customer_id = customers.customer_id

)

select * from final
