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

-- Each movement counts from the first balance date on or after its day: summed per customer and
-- balance date, the running sums step over each customer's balance dates instead of every day it
-- had a movement (4.9M rows at 10M lines), and need no join to find each date's last day.
dated as (

    select movements.customer_id, balance_dates.balance_date, sum(movements.invoiced) as invoiced, sum(movements.received) as received
    from movements
    asof inner join balance_dates on movements.day <= balance_dates.balance_date
    group by movements.customer_id, balance_dates.balance_date

),

customer_dates as (

    select customers.customer_id, balance_dates.balance_date
    from (select distinct customer_id from dated) as customers
    cross join balance_dates

),

running as (

    select
        customer_dates.customer_id,
        customer_dates.balance_date,
        sum(dated.invoiced) over to_date as invoiced_to_date,
        sum(dated.received) over to_date as received_to_date,
        -- A customer has no balance before its first movement.
        count(dated.customer_id) over to_date as dates_moved

    from customer_dates
    left join dated
        on customer_dates.customer_id = dated.customer_id
        and customer_dates.balance_date = dated.balance_date
    window to_date as (partition by customer_dates.customer_id order by customer_dates.balance_date rows between unbounded preceding and current row)

),

final as (

    select
        customer_id,
        balance_date,
        invoiced_to_date,
        received_to_date,
        greatest(invoiced_to_date - received_to_date, 0) as open_balance,
        greatest(received_to_date - invoiced_to_date, 0) as credit_balance

    from running
    where dates_moved > 0

)

select * from final
