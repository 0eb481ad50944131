-- Targets against actual revenue per month and salesperson (and department, when the targets
-- are set per department). Empty when the exports have no targets.
with

targets as (

    select * from {{ ref('stg_targets') }} where grain = 'month'

),

-- Not materialized: each use reads only the columns and rows it needs (docs/incremental.md).
orders as not materialized (

    select * from {{ ref('sales_orders') }}

),

actual_by_salesperson as (

    select cast(date_trunc('month', order_date) as date) as period_start, salesperson_id, sum(revenue) as revenue
    from orders group by all

),

actual_by_department as (

    select cast(date_trunc('month', order_date) as date) as period_start, department_id, sum(revenue) as revenue
    from orders group by all

),

final as (

    select
        targets.period_start,
        case when targets.salesperson_id is not null then 'salesperson' else 'department' end as level,
        coalesce(targets.salesperson_id, targets.department_id) as member,
        sum(targets.target_amount) as target_amount,
        coalesce(any_value(coalesce(by_person.revenue, by_department.revenue)), 0) as actual_revenue,
        coalesce(any_value(coalesce(by_person.revenue, by_department.revenue)), 0) / nullif(sum(targets.target_amount), 0) as attainment

    from targets
    -- A target set per salesperson matches that salesperson's revenue, one set per department the
    -- department's. Only equalities in each condition: a condition on the targets alone made DuckDB
    -- compare every target with every month's revenue (1 s at 10M lines); a null key matches nothing.
    left join actual_by_salesperson as by_person
        on by_person.period_start = targets.period_start and by_person.salesperson_id = targets.salesperson_id
    left join actual_by_department as by_department
        on by_department.period_start = targets.period_start
        and by_department.department_id = case when targets.salesperson_id is null then targets.department_id end
    where coalesce(targets.salesperson_id, targets.department_id) is not null
    group by all

)

select * from final
