with

source as (

    select * from {{ source('tierboard', 'salespeople') }}

),

final as (

    select
        salesperson_id,
        coalesce(salesperson_name, salesperson_id) as salesperson_name,
        department_id,
        coalesce(is_active, true) as is_active

    from source

)

select * from final
