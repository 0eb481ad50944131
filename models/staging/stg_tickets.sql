with

source as (

    select * from {{ source('tierboard', 'tickets') }}

),

final as (

    select
        ticket_id,
        customer_id,
        created_at,
        first_response_at,
        resolved_at,
        coalesce(priority, 'normal') as priority,
        category,
        status

    from source

)

select * from final
