-- The grade mix per period and segment: customers and revenue per final grade.
with

grades as (

    select * from {{ ref('customer_grades') }}

),

segments as (

    select * from {{ ref('customer_segments') }}

),

graded as (

    select grades.period, grades.final_grade, grades.revenue, segments.department_id, segments.salesperson_id, segments.region, segments.grade
    from grades
    inner join segments on grades.customer_id = segments.customer_id

),

totals as (

    select period, {{ segment_columns() }}, final_grade as final, count(*) as customers, sum(revenue) as revenue
    from graded
    group by {{ segment_grouping_sets(['period', 'final_grade']) }}

),

final as (

    select *,
        customers / sum(customers) over segment as customer_share,
        revenue / nullif(sum(revenue) over segment, 0) as revenue_share
    from totals
    window segment as (partition by period, dimension, member)

)

select * from final
order by period, dimension, member, final
