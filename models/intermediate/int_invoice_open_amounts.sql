-- What is still open of each invoice on the as-of date (docs/definitions.md, "Open balance").
-- A receipt that names an invoice settles that invoice first; a receipt that names none (or an
-- invoice not yet issued), and whatever a receipt paid beyond its invoice, settles the
-- customer's oldest open invoices first (invoice date, then due date, then number), as finance
-- allocates cash on account. What is left after every invoice is settled is the customer's credit.
-- Summed per customer this is exactly int_customer_balances on the as-of date
-- (tests/assert_invoice_balances_match_customer_balances.sql).
with

invoices as (

    select * from {{ ref('int_invoices') }}

),

payments as (

    select * from {{ ref('int_payments') }}

),

dates as (

    select * from {{ ref('report_dates') }}

),

invoices_due as (

    select invoices.invoice_id, invoices.customer_id, invoices.invoice_date, invoices.due_date, invoices.amount, dates.as_of_date
    from invoices
    cross join dates
    where invoices.amount > 0 and invoices.invoice_date <= dates.as_of_date

),

payments_received as (

    select payments.*
    from payments
    cross join dates
    where payments.payment_date <= dates.as_of_date and payments.customer_id is not null

),

-- Each receipt once against the invoices: whether it names one that is due (one join, not one to
-- sum the receipts that do and another to find those that do not).
matched as (

    select payments_received.customer_id, payments_received.invoice_id, payments_received.amount,
        due_ids.invoice_id is not null as is_linked
    from payments_received
    left join (select invoice_id from invoices_due) as due_ids on payments_received.invoice_id = due_ids.invoice_id

),

linked as (

    select invoice_id, sum(amount) as linked_amount
    from matched
    where is_linked
    group by invoice_id

),

after_linked as (

    select
        invoices_due.*,
        least(coalesce(linked.linked_amount, 0), invoices_due.amount) as linked_paid,
        greatest(coalesce(linked.linked_amount, 0) - invoices_due.amount, 0) as linked_excess

    from invoices_due
    left join linked on invoices_due.invoice_id = linked.invoice_id

),

on_account as (

    select customer_id, sum(amount) as amount
    from (
        select customer_id, amount from matched where not is_linked
        union all
        select customer_id, linked_excess from after_linked where linked_excess > 0
    ) as unapplied
    group by customer_id

),

queued as (

    select
        after_linked.*,
        after_linked.amount - after_linked.linked_paid as remaining,
        coalesce(sum(after_linked.amount - after_linked.linked_paid) over (
            partition by after_linked.customer_id
            order by after_linked.invoice_date, after_linked.due_date, after_linked.invoice_id
            rows between unbounded preceding and 1 preceding
        ), 0) as remaining_before,
        coalesce(on_account.amount, 0) as on_account

    from after_linked
    left join on_account on after_linked.customer_id = on_account.customer_id

),

final as (

    select
        invoice_id,
        customer_id,
        invoice_date,
        due_date,
        amount,
        linked_paid,
        least(greatest(on_account - remaining_before, 0), remaining) as allocated_paid,
        linked_paid + least(greatest(on_account - remaining_before, 0), remaining) as paid_amount,
        remaining - least(greatest(on_account - remaining_before, 0), remaining) as open_amount,
        as_of_date

    from queued

)

select * from final
