-- Gross profit comes from the export's profit column when it has one, else from cost: the line's
-- cost, or quantity x the product's unit cost. Without either it is unknown (null), not zero.
with

source as (

    select * from {{ source('tierboard', 'order_lines') }}

),

products as (

    select * from {{ ref('stg_products') }}

),

final as (

    select
        source.order_id || '-' || source.line_number as order_line_id,
        source.order_id,
        source.line_number,
        source.product_id,
        source.quantity,
        source.amount as revenue,
        -- Every branch is cast to decimal(18, 4) first: mixed precisions would widen to 128-bit
        -- decimals, which made this model 100x slower.
        coalesce(
            source.cost,
            cast(source.amount - source.profit as decimal(18, 4)),
            cast(source.quantity * products.unit_cost as decimal(18, 4))
        ) as cost,
        coalesce(
            source.profit,
            cast(source.amount - coalesce(source.cost, cast(source.quantity * products.unit_cost as decimal(18, 4))) as decimal(18, 4))
        ) as gross_profit

    from source
    left join products on source.product_id = products.product_id

)

select * from final
