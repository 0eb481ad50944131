-- Grade movements (能上能下) between consecutive periods: customers and revenue from each grade
-- to each, with new and lost customers as their own grades (see grade_moves).
with

moves as (

    select * from {{ ref('grade_moves') }}

),

final as (

    select
        from_period,
        to_period,
        from_grade,
        to_grade,
        count(*) as customer_count,
        sum(from_revenue) as from_revenue,
        sum(to_revenue) as to_revenue,
        any_value(movement) as movement

    from moves
    group by from_period, to_period, from_grade, to_grade

)

select * from final
