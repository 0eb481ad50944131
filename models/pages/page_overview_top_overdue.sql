-- The ten customers with the most overdue per segment (ties by id).
with

aging as (

    select * from {{ ref('receivables_aging') }}

),

segments as (

    select * from {{ ref('customer_segments') }}

),

overdue as (

    select aging.*, segments.region, segments.grade
    from aging
    inner join segments on aging.customer_id = segments.customer_id
    where aging.overdue_balance > 0

),

by_segment as (

    select 'none' as dimension, 'all' as member, * from overdue
    union all select 'department', department_id, * from overdue
    union all select 'salesperson', salesperson_id, * from overdue
    union all select 'region', region, * from overdue
    union all select 'grade', grade, * from overdue

),

final as (

    select dimension, member, customer_id, customer_name, salesperson_name, overdue_balance, max_days_overdue
    from by_segment
    qualify row_number() over (partition by dimension, member order by overdue_balance desc, customer_id) <= 10

)

select * from final
order by dimension, member, overdue_balance desc, customer_id
