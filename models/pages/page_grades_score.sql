-- Customers and revenue per score grade (by composite score rank) per period.
with

grades as (

    select * from {{ ref('customer_grades') }}

),

final as (

    select period, score_grade as grade, count(*) as customers, sum(revenue) as revenue
    from grades
    group by all

)

select * from final
order by period, grade
