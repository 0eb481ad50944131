-- Customers per final grade per period and segment, with revenue, profit, the average score and
-- its components, and how many grades were set by hand.
with

grades as (

    select * from {{ ref('customer_grades') }}

),

segments as (

    select * from {{ ref('customer_segments') }}

),

graded as (

    select grades.*, segments.department_id, segments.salesperson_id, segments.region, segments.grade
    from grades
    inner join segments on grades.customer_id = segments.customer_id

),

totals as (

    select period, {{ segment_columns() }}, final_grade as final, count(*) as customers, sum(revenue) as revenue,
        sum(gross_profit) as gross_profit, avg(score) as avg_score, avg(credit_score) as credit_score,
        avg(revenue_score) as revenue_score, avg(profit_score) as profit_score, count(*) filter (where is_override) as overrides
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
