-- How many customers moved up, down, stayed, were new or were lost between two periods, for
-- everyone and per segment (grade_moves' movement).
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

    select from_period, to_period, movement, {{ segment_columns() }}, count(*) as customers
    from moved
    group by {{ segment_grouping_sets(['from_period', 'to_period', 'movement']) }}

)

select * from final
order by from_period, to_period, dimension, member, movement
