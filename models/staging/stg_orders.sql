-- Orders as the ERP exports them, renamed; int_orders credits each to a salesperson and department.
with

source as (

    select * from {{ source('tierboard', 'orders') }}

),

final as (

    select
        order_id,
        order_date,
        customer_id,
        salesperson_id,
        department_id,
        coalesce(order_type, 'sale') as order_type,
        lower(coalesce(order_type, '')) in ('return', 'returns', '退货', '退货单', 'credit') as is_return,
        status

    from source

)

select * from final
