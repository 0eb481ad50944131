with

source as (

    select * from {{ source('tierboard', 'targets') }}

),

final as (

    select
        cast(date_trunc('month', period_start) as date) as period_start,
        coalesce(grain, 'month') as grain,
        salesperson_id,
        department_id,
        target_amount

    from source

)

select * from final
