-- The receivables balance and DSO at each month end (and on the as-of date), for the DSO trend:
-- the customers' open balances (int_customer_balances: invoiced to date less received to date,
-- credits kept apart), over the last 90 days' invoicing, times 90. Credit notes are left out.
with

balance_dates as (

    select * from {{ ref('int_balance_dates') }}

),

balances as (

    select * from {{ ref('int_customer_balances') }}

),

invoices as (

    select * from {{ ref('int_invoices') }} where amount > 0

),

dates as (

    select * from {{ ref('report_dates') }}

),

month_ends as (

    select balance_dates.balance_date
    from balance_dates
    cross join dates
    where balance_dates.is_month_end or balance_dates.balance_date = dates.as_of_date

),

totals as (

    select
        month_ends.balance_date,
        coalesce(sum(balances.open_balance), 0) as receivables_balance,
        coalesce(sum(balances.credit_balance), 0) as credit_balance

    from month_ends
    left join balances on month_ends.balance_date = balances.balance_date
    group by month_ends.balance_date

),

invoiced_90d as (

    select month_ends.balance_date, coalesce(sum(invoices.amount), 0) as invoiced_last_90_days
    from month_ends
    left join invoices
        on invoices.invoice_date > month_ends.balance_date - 90
        and invoices.invoice_date <= month_ends.balance_date
    group by month_ends.balance_date

),

final as (

    select
        totals.balance_date as month_end,
        totals.receivables_balance,
        totals.credit_balance,
        invoiced_90d.invoiced_last_90_days,
        round(90 * totals.receivables_balance / nullif(invoiced_90d.invoiced_last_90_days, 0), 1) as dso_days

    from totals
    inner join invoiced_90d on totals.balance_date = invoiced_90d.balance_date

)

select * from final
