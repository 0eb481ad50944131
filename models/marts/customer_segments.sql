-- Each customer with the attributes customer-level numbers are credited by: its owner (and the
-- owner's department), its region, and its current (T12M) grade.
with

customers as (

    select * from {{ ref('int_customers') }}

),

salespeople as (

    select * from {{ ref('stg_salespeople') }}

),

departments as (

    select * from {{ ref('stg_departments') }}

),

grades as (

    select * from {{ ref('customer_grades') }} where period = 'T12M'

),

final as (

    select
        customers.customer_id,
        customers.customer_name,
        coalesce(customers.salesperson_id, 'unassigned') as salesperson_id,
        coalesce(salespeople.salesperson_name, customers.salesperson_id, 'unassigned') as salesperson_name,
        coalesce(customers.department_id, 'unassigned') as department_id,
        coalesce(departments.department_name, customers.department_id, 'unassigned') as department_name,
        customers.region,
        coalesce(grades.final_grade, 'ungraded') as grade

    from customers
    left join salespeople on customers.salesperson_id = salespeople.salesperson_id
    left join departments on customers.department_id = departments.department_id
    left join grades on customers.customer_id = grades.customer_id

)

select * from final
