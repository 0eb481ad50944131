-- The ten largest customers by revenue per period and segment (ties by id).
with

grades as (

    select * from {{ ref('customer_grades') }}

),

segments as (

    select * from {{ ref('customer_segments') }}

),

graded as (

    select grades.period, grades.customer_id, grades.customer_name, grades.revenue,
        segments.department_id, segments.salesperson_id, segments.region, segments.grade
    from grades
    inner join segments on grades.customer_id = segments.customer_id

),

by_segment as (

    select period, 'none' as dimension, 'all' as member, * exclude (period) from graded
    union all select period, 'department', department_id, * exclude (period) from graded
    union all select period, 'salesperson', salesperson_id, * exclude (period) from graded
    union all select period, 'region', region, * exclude (period) from graded
    union all select period, 'grade', grade, * exclude (period) from graded

),

final as (

    select period, dimension, member, customer_id as member_id, customer_name as member_name, revenue as value,
        row_number() over (partition by period, dimension, member order by revenue desc, customer_id) as rank
    from by_segment
    qualify rank <= 10

)

select * from final
order by period, dimension, member, rank
