-- Payment behaviour per customer and period, from the invoices that fell due in the period:
-- how much of the amount due was paid by its due date, how late payments came, and what was
-- still open at the period's end. Credit notes (negative invoices) are left out.
with

periods as (

    select * from {{ ref('periods') }}

),

invoice_payments as (

    select * from {{ ref('int_invoice_payments') }}

),

per_period as (

    select
        periods.period,
        invoice_payments.customer_id,
        sum(invoice_payments.amount) as amount_due,
        sum(least(invoice_payments.paid_by_due_date, invoice_payments.amount)) as paid_on_time,
        sum(invoice_payments.late_amount_days) / nullif(sum(invoice_payments.paid_total), 0) as avg_days_late,
        count(*) as invoices_due

    from invoice_payments
    inner join periods on invoice_payments.due_date between periods.period_start and periods.period_end
    group by all

),

final as (

    select
        period,
        customer_id,
        amount_due,
        paid_on_time,
        invoices_due,
        round(coalesce(avg_days_late, 0), 1) as avg_days_late,
        paid_on_time / nullif(amount_due, 0) as on_time_share,
        round(100 * least(greatest(coalesce(paid_on_time / nullif(amount_due, 0), 0), 0), 1), 2) as credit_score

    from per_period

)

select * from final
