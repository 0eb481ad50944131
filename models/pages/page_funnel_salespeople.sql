-- The funnel per salesperson, loaded when a salesperson is chosen.
with

funnel as (

    select * from {{ ref('sales_funnel') }}

),

departments as (

    select * from {{ ref('stg_departments') }}

),

final as (

    select funnel.*, coalesce(departments.department_name, funnel.department_id) as department_name
    from funnel
    left join departments on departments.department_id = funnel.department_id
    where funnel.salesperson_id <> 'all'

)

select * from final
order by period, department_id, salesperson_id, stage_order
