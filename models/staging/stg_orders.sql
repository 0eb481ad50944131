-- Orders as the ERP exports them, renamed; int_orders credits each to a salesperson and department.
-- A row-wise view, as stg_order_lines: int_orders adds the orders of newer loads (docs/incremental.md).
{{ config(materialized='view', meta={'row_wise': true}) }}

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
        status,
        _load_id

    from source

)

select * from final
