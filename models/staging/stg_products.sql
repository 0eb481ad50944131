with

source as (

    select * from {{ source('tierboard', 'products') }}

),

final as (

    select
        product_id,
        coalesce(product_name, product_id) as product_name,
        coalesce(category, 'Uncategorised') as category,
        subcategory,
        list_price,
        unit_cost

    from source

)

select * from final
