with

source as (

    select * from {{ source('tierboard', 'departments') }}

),

final as (

    select
        department_id,
        coalesce(department_name, department_id) as department_name,
        parent_department_id,
        region

    from source

)

select * from final
