-- One row per customer for the Customers list and Explore, largest T12M revenue first: grade
-- (final, or the prospect grade), kind (mature, potential, inactive), revenue now and a year
-- before, overdue, lifetime revenue (customer_lifetime_value), and the customer columns tierboard.yml publishes (the others are null).
with

customers as (

    select * from {{ ref('int_customers') }}

),

grades as (

    select * from {{ ref('customer_grades') }}

),

prospects as (

    select * from {{ ref('potential_customer_grades') }}

),

aging as (

    select * from {{ ref('receivables_aging') }}

),



lifetime as (

    select * from {{ ref('customer_lifetime_value') }}

),

final as (

    select
        customers.customer_id as id,
        customers.customer_name as name,
        coalesce(current_grades.final_grade, prospects.grade) as grade,
        case
            when current_grades.customer_id is null and prospects.customer_id is not null then 'potential'
            when current_grades.customer_id is null then 'inactive'
            else 'mature'
        end as kind,
        current_grades.score,
        current_grades.revenue,
        current_grades.gross_profit,
        previous_grades.revenue as prev_revenue,
        {{ growth_rate('current_grades.revenue', 'previous_grades.revenue') }} as revenue_growth_rate,
        aging.overdue_balance as overdue,
        lifetime.lifetime_revenue,
        {{ published('region', 'customers.region') }} as region,
        {{ published('province', 'customers.province') }} as province,
        {{ published('city', 'customers.city') }} as city,
        {{ published('industry', 'customers.industry') }} as industry,
        {{ published('employee_size', 'customers.employee_size') }} as size,
        {{ published('source', 'customers.lead_source') }} as source,
        {{ published('customer_type', 'customers.customer_type') }} as type,
        {{ published('owner_id', 'customers.owner_name') }} as owner,
        {{ published('owner_id', 'customers.department_name') }} as department,
        {{ published('owner_id', 'customers.salesperson_id') }} as salesperson_id,
        {{ published('owner_id', 'customers.department_id') }} as department_id,
        {{ published('created_date', "strftime(customers.created_date, '%Y-%m')") }} as created_month

    from customers
    left join grades as current_grades on current_grades.customer_id = customers.customer_id and current_grades.period = 'T12M'
    left join grades as previous_grades on previous_grades.customer_id = customers.customer_id and previous_grades.period = 'T12M-1'
    left join prospects on prospects.customer_id = customers.customer_id
    left join aging on aging.customer_id = customers.customer_id
    left join lifetime on lifetime.customer_id = customers.customer_id

)

select * from final
order by revenue desc nulls last, id
