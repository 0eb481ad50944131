-- How many customers moved up, down, stayed, were new or were lost between two periods, for
-- everyone (grade_migration, as page_grades_migration) and per segment (page_grades_segment_migration).
with

company as (

    select * from {{ ref('page_grades_migration') }}

),

segments as (

    select * from {{ ref('page_grades_segment_migration') }}

),

moves as (

    select from_period, to_period, movement, 'none' as dimension, 'all' as member, customer_count from company
    union all
    select from_period, to_period, movement, dimension, member, customer_count from segments

),

final as (

    select from_period, to_period, movement, dimension, member, sum(customer_count) as customers
    from moves
    group by all

)

select * from final
order by from_period, to_period, dimension, member, movement
