-- The receivables balance and DSO at each month end (and on the as-of date), for the DSO trend:
-- invoiced to date less received to date, over the last 90 days' invoicing, times 90. Credit
-- notes (negative invoices) are left out, as in receivables.
with

invoices as (

    select * from {{ ref('stg_invoices') }}

),

payments as (

    select * from {{ ref('stg_payments') }}

),

dates as (

    select * from {{ ref('report_dates') }}

),

days as (

    select cast(d as date) as day
    from dates, range(
        least(dates.first_order_date, (select min(invoice_date) from invoices)),
        dates.as_of_date + 1,
        interval 1 day
    ) as t(d)

),

invoiced as (

    select invoice_date as day, sum(amount) as amount from invoices where amount > 0 group by 1

),

received as (

    select payment_date as day, sum(amount) as amount from payments group by 1

),

daily as (

    select
        days.day,
        coalesce(invoiced.amount, 0) as invoiced,
        coalesce(received.amount, 0) as received

    from days
    left join invoiced on days.day = invoiced.day
    left join received on days.day = received.day

),

cumulative as (

    select
        day,
        sum(invoiced) over (order by day) - sum(received) over (order by day) as receivables_balance,
        sum(invoiced) over (order by day rows between 89 preceding and current row) as invoiced_last_90_days

    from daily

),

final as (

    select
        cumulative.day as month_end,
        cumulative.receivables_balance,
        cumulative.invoiced_last_90_days,
        round(90 * cumulative.receivables_balance / nullif(cumulative.invoiced_last_90_days, 0), 1) as dso_days

    from cumulative
    cross join dates
    where cumulative.day = last_day(cumulative.day) or cumulative.day = dates.as_of_date

)

select * from final
