-- Each invoice (credit notes left out) with what was paid against it: by its due date, in all,
-- the amount-weighted days late of its receipts, and when the last receipt came. Receipts
-- count against the invoice they name (int_payments); an invoice is paid once they reach its amount.
-- Incremental by invoice: a later run makes again the invoices of newer loads and those a receipt
-- of a newer load names, from all their receipts.
{{ config(materialized='incremental', unique_key='invoice_id') }}

with

-- Neither import materialized: each use reads only the columns and rows it needs (docs/incremental.md).
invoices as not materialized (

    select * from {{ ref('int_invoices') }} where amount > 0

),

payments as not materialized (

    select * from {{ ref('int_payments') }}

),

{% if is_incremental() %}
touched_invoices as (

    select invoice_id
    from invoices
    where _load_id > (select coalesce(max(_load_id), -1) from {{ this }})
    union
    select invoice_id
    from payments
    where _load_id > (select coalesce(max(_load_id), -1) from {{ this }}) and invoice_id is not null

),
{% endif %}

paid as (

    select
        invoices.invoice_id,
        invoices.customer_id,
        invoices.invoice_date,
        invoices.due_date,
        invoices.amount,
        coalesce(sum(payments.amount) filter (where payments.payment_date <= invoices.due_date), 0) as paid_by_due_date,
        -- Days late of each receipt, weighted by its amount.
        sum(payments.amount * greatest(date_diff('day', invoices.due_date, payments.payment_date), 0)) as late_amount_days,
        coalesce(sum(payments.amount), 0) as paid_total,
        max(payments.payment_date) as last_payment_date,
        max(greatest(invoices._load_id, payments._load_id)) as _load_id

    from invoices
    left join payments on invoices.invoice_id = payments.invoice_id
    {% if is_incremental() %}
    where invoices.invoice_id in (select invoice_id from touched_invoices)
    {% endif %}
    group by all

),

final as (

    select
        *,
        paid_total >= amount as is_paid,
        case when paid_total >= amount then greatest(date_diff('day', due_date, last_payment_date), 0) end as days_late_when_paid

    from paid

)

select * from final
