-- Every customer with sales in a period has exactly one grade: grade counts add up to customers.
with

graded as (

    select period, count(*) as graded, count(*) filter (where final_grade in ('A', 'B', 'C', 'D')) as with_grade
    from {{ ref('customer_grades') }}
    group by period

),

active as (

    select periods.period, count(distinct lines.customer_id) as customers
    from {{ ref('sales_lines') }} as lines
    inner join {{ ref('periods') }} as periods on lines.order_date between periods.period_start and periods.period_end
    group by periods.period

)

select active.period, active.customers, graded.graded, graded.with_grade
from active
left join graded on active.period = graded.period
where graded.graded is distinct from active.customers or graded.with_grade is distinct from active.customers
