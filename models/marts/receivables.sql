-- Open receivables per invoice as of the as-of date, with days overdue and the aging bucket
-- (docs/definitions.md: days overdue = as-of date - due date, when unpaid and positive). What
-- is open of an invoice is int_invoice_open_amounts' rule: receipts on account settle the oldest
-- invoices first.
with

open_amounts as (

    select * from {{ ref('int_invoice_open_amounts') }}

),

customers as (

    select * from {{ ref('int_customers') }}

),

salespeople as (

    select * from {{ ref('stg_salespeople') }}

),

open_items as (

    select
        open_amounts.invoice_id,
        open_amounts.customer_id,
        coalesce(customers.customer_name, open_amounts.customer_id) as customer_name,
        coalesce(customers.salesperson_id, 'unassigned') as salesperson_id,
        coalesce(salespeople.salesperson_name, customers.salesperson_id, 'unassigned') as salesperson_name,
        coalesce(customers.department_id, 'unassigned') as department_id,
        open_amounts.invoice_date,
        open_amounts.due_date,
        open_amounts.amount,
        open_amounts.paid_amount,
        open_amounts.open_amount,
        greatest(date_diff('day', open_amounts.due_date, open_amounts.as_of_date), 0) as days_overdue,
        open_amounts.as_of_date

    from open_amounts
    left join customers on open_amounts.customer_id = customers.customer_id
    left join salespeople on customers.salesperson_id = salespeople.salesperson_id
    where open_amounts.open_amount > 0

),

final as (

    select
        *,
        case
            when days_overdue = 0 then 'current'
            when days_overdue <= 30 then '1-30'
            when days_overdue <= 60 then '31-60'
            when days_overdue <= 90 then '61-90'
            else 'over 90'
        end as aging_bucket

    from open_items

)

select * from final
