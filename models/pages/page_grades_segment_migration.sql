-- Grade migration cut by segment: how many customers of each segment moved from one grade to
-- another between two periods (grade_moves; the whole company's is grade_migration).
with

moves as (

    select * from {{ ref('grade_moves') }}

),

segments as (

    select * from {{ ref('customer_segments') }}

),

moved as (

    select moves.*, segments.department_id, segments.salesperson_id, segments.region, segments.grade
    from moves
    inner join segments on moves.customer_id = segments.customer_id

),

final as (

    select from_period, to_period, from_grade, to_grade, {{ segment_columns() }},
        count(*) as customer_count, sum(from_revenue) as from_revenue, sum(to_revenue) as to_revenue,
        any_value(movement) as movement
    from moved
    group by grouping sets (
        (from_period, to_period, from_grade, to_grade, department_id), (from_period, to_period, from_grade, to_grade, salesperson_id),
        (from_period, to_period, from_grade, to_grade, region), (from_period, to_period, from_grade, to_grade, grade))

)

select * from final
order by from_period, to_period, dimension, member, from_grade, to_grade
