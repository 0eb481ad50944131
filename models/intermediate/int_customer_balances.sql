-- A customer's receivables at each balance date (docs/definitions.md, "Open balance"):
-- everything invoiced up to the date less everything received up to the date, whether or not
-- the receipt names an invoice. What is owed is the open balance; what was received beyond it is
-- a credit, kept apart and never netted against another customer's debt. Credit notes (negative
-- invoices) are left out, as the finance exports book their refunds separately.
-- int_invoice_open_amounts splits the same balance over the invoices (oldest first).
with

invoices as (

    select * from {{ ref('int_invoices') }}

),

payments as (

    select * from {{ ref('int_payments') }}

),

balance_dates as (

    select * from {{ ref('int_balance_dates') }}

),

movements as (

    select customer_id, invoice_date as day, amount as invoiced, 0 as received
    from invoices
    where amount > 0
    union all
    select customer_id, payment_date, 0, amount
    from payments
    where customer_id is not null

),

daily as (

    select customer_id, day, sum(invoiced) as invoiced, sum(received) as received
    from movements
    group by customer_id, day

),

running as (

    select
        customer_id,
        day,
        sum(invoiced) over to_date as invoiced_to_date,
        sum(received) over to_date as received_to_date

    from daily
    window to_date as (partition by customer_id order by day rows between unbounded preceding and current row)

),

customer_dates as (

    select customers.customer_id, balance_dates.balance_date
    from (select distinct customer_id from daily) as customers
    cross join balance_dates

),

final as (

    select
        customer_dates.customer_id,
        customer_dates.balance_date,
        running.invoiced_to_date,
        running.received_to_date,
        greatest(running.invoiced_to_date - running.received_to_date, 0) as open_balance,
        greatest(running.received_to_date - running.invoiced_to_date, 0) as credit_balance

    from customer_dates
    asof inner join running
        on customer_dates.customer_id = running.customer_id
        and customer_dates.balance_date >= running.day

)

select * from final
