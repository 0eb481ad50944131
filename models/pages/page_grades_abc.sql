-- Customers and revenue per ABC grade (by cumulative revenue share) per period.
with

grades as (

    select * from {{ ref('customer_grades') }}

),

final as (

    select period, abc_grade as grade, count(*) as customers, sum(revenue) as revenue
    from grades
    group by all

)

select * from final
order by period, grade
