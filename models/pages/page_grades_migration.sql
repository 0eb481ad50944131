-- The grade migration matrix for the whole company (grade_migration).
with

migration as (

    select * from {{ ref('grade_migration') }}

),

final as (

    select from_period, to_period, from_grade, to_grade, customer_count, from_revenue, to_revenue, movement
    from migration

)

select * from final
order by from_period, to_period, from_grade, to_grade
