-- Gross profit comes from the export's profit column when it has one, else from cost: the line's
-- cost, or quantity x the product's unit cost. Without either it is unknown (null), not zero.
-- A view, as stg_order_lines: sales_lines reads it (every line in a full build, the new loads' lines
-- in an incremental one) where a table copied every line again (6.6 s at 10M lines). Row-wise: a
-- line and its product; a change to the products (a table) is a change to every line.
{{ config(materialized='view', meta={'row_wise': true}) }}

with

lines as (

    select * from {{ ref('stg_order_lines') }}

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
