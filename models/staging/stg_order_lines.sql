-- Order lines as exported, renamed: revenue is the net line amount. int_order_lines works out
-- cost and gross profit. Incremental: a later run adds the lines of loads newer than the table's
-- (_load_id, set by the ingest); a line changed or removed in the exports makes the runner
-- rebuild it in full (docs/incremental.md).
{{ config(materialized='incremental', unique_key='order_line_id') }}

with

source as (

    select * from {{ source('tierboard', 'order_lines') }}
    {% if is_incremental() %}
    where _load_id > (select coalesce(max(_load_id), -1) from {{ this }})
    {% endif %}

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
        profit,
        _load_id

    from source

)

select * from final
