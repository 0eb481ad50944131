-- The open balance has one rule: split over invoices (int_invoice_open_amounts) or taken per
-- customer (int_customer_balances), the as-of date's figures must agree for every customer.
with

by_invoice as (

    select customer_id, sum(open_amount) as open_balance
    from {{ ref('int_invoice_open_amounts') }}
    group by customer_id

),

by_customer as (

    select balances.customer_id, balances.open_balance
    from {{ ref('int_customer_balances') }} as balances
    inner join {{ ref('report_dates') }} as dates on balances.balance_date = dates.as_of_date

)

select *
from by_invoice
full join by_customer using (customer_id)
where abs(coalesce(by_invoice.open_balance, 0) - coalesce(by_customer.open_balance, 0)) > 0.005
