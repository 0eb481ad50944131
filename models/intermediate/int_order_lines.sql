-- Gross profit comes from the export's profit column when it has one, else from cost: the line's
-- cost, or quantity x the product's unit cost. Without either it is unknown (null), not zero.
-- Incremental as stg_order_lines: a change to the products rebuilds it in full.
{{ config(materialized='incremental', unique_key='order_line_id') }}

with

lines as (

    select * from {{ ref('stg_order_lines') }}
    {% if is_incremental() %}
    where _load_id > (select coalesce(max(_load_id), -1) from {{ this }})
    {% endif %}

),

products as (

    select * from {{ ref('stg_products') }}

),

final as (

    select
        lines.order_line_id,
        lines.order_id,
        lines.line_number,
        lines.product_id,
        lines.quantity,
        lines.revenue,
        -- Every branch is cast to decimal(18, 4) first: mixed precisions would widen to 128-bit
        -- decimals, which made this model 100x slower.
        coalesce(
            lines.cost,
            cast(lines.revenue - lines.profit as decimal(18, 4)),
            cast(lines.quantity * products.unit_cost as decimal(18, 4))
        ) as cost,
        coalesce(
            lines.profit,
            cast(lines.revenue - coalesce(lines.cost, cast(lines.quantity * products.unit_cost as decimal(18, 4))) as decimal(18, 4))
        ) as gross_profit,
        lines._load_id

    from lines
    left join products on lines.product_id = products.product_id

)

select * from final
