-- Orders as the ERP exports them, renamed; int_orders credits each to a salesperson and department.
-- Incremental: a later run adds the orders of loads newer than the table's (docs/incremental.md).
{{ config(materialized='incremental', unique_key='order_id') }}

with

source as (

    select * from {{ source('tierboard', 'orders') }}
    {% if is_incremental() %}
    where _load_id > (select coalesce(max(_load_id), -1) from {{ this }})
    {% endif %}

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
        status,
        _load_id

    from source

)

select * from final
