-- The members of the "Showing" filter: departments, salespeople, regions and T12M grades, with
-- the label a page shows for each.
with

segments as (

    select * from {{ ref('customer_segments') }}

),

members as (

    select 'department' as dimension, department_id as member, any_value(department_name) as label from segments group by 2
    union all select 'salesperson', salesperson_id, any_value(salesperson_name) from segments group by 2
    union all select 'region', region, region from segments group by 2
    union all select 'grade', grade, grade from segments where grade <> 'ungraded' group by 2

),

final as (

    select * from members

)

select * from final
order by 1, 3
