-- Order lines as exported, renamed: revenue is the net line amount. int_order_lines works out
-- cost and gross profit.
with

source as (

    select * from {{ source('tierboard', 'order_lines') }}

),

final as (

    select
        order_id || '-' || line_number as order_line_id,
        order_id,
        line_number,
        product_id,
        quantity,
        amount as revenue,
        cost,
        profit

    from source

)

select * from final
