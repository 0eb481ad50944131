-- The Customers list in a period counts the customers the Grades page shows for each grade
-- (page_grades_distribution, all customers), and the customers of each grade move the
-- migration matrix shows (page_grades_migration): a drill-down lands on the clicked number.
with

listed as (

    select period, grade, count(*) as customers, sum(revenue) as revenue
    from {{ ref('page_customer_periods') }}
    where grade is not null
    group by all

),

distribution as (

    select period, final as grade, customers, revenue
    from {{ ref('page_grades_distribution') }}
    where dimension = 'none'

),

moved as (

    select periods.previous_period as from_period, listed.period as to_period,
        listed.previous_grade as from_grade, coalesce(listed.grade, 'lost') as to_grade, count(*) as customers
    from {{ ref('page_customer_periods') }} as listed
    inner join {{ ref('page_periods') }} as periods on periods.period = listed.period
    where listed.previous_grade is not null
    group by all

),

matrix as (

    select from_period, to_period, from_grade, to_grade, customer_count as customers
    from {{ ref('page_grades_migration') }}

)

select 'distribution' as check_name, coalesce(listed.period, distribution.period) as period, coalesce(listed.grade, distribution.grade) as cell
from listed
full join distribution on distribution.period = listed.period and distribution.grade = listed.grade
where listed.customers is distinct from distribution.customers or listed.revenue is distinct from distribution.revenue
union all
select 'migration', coalesce(moved.to_period, matrix.to_period), coalesce(moved.from_grade, matrix.from_grade) || '>' || coalesce(moved.to_grade, matrix.to_grade)
from moved
full join matrix on matrix.from_period = moved.from_period and matrix.to_period = moved.to_period
    and matrix.from_grade = moved.from_grade and matrix.to_grade = moved.to_grade
where moved.customers is distinct from matrix.customers
