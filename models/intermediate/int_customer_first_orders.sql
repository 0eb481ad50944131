-- A customer's first order (docs/definitions.md, "New customer"): the earliest order date of a
-- line that is not a return. A customer is new in the period holding that date.
with

lines as (

    select * from {{ ref('sales_lines') }}

),

final as (

    select
        customer_id,
        min(order_date) as first_order_date

    from lines
    where not is_return
    group by customer_id

)

select * from final
