-- The dates receivables balances are taken at: every month end from the first invoice to the
-- as-of date, every report period's end, and the as-of date itself.
with

invoices as (

    select * from {{ ref('stg_invoices') }}

),

periods as (

    select * from {{ ref('periods') }}

),

dates as (

    select * from {{ ref('report_dates') }}

),

month_ends as (

    select cast(last_day(cast(m as date)) as date) as balance_date
    from dates, range(
        date_trunc('month', least(dates.first_order_date, (select min(invoice_date) from invoices))),
        dates.as_of_date + 1,
        interval 1 month
    ) as t(m)
    where last_day(cast(m as date)) <= dates.as_of_date

),

all_dates as (

    select balance_date from month_ends
    union
    select as_of_date from dates
    union
    select period_end from periods

),

final as (

    select
        balance_date,
        balance_date = last_day(balance_date) as is_month_end

    from all_dates

)

select * from final
