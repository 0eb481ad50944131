-- Targets and actual revenue per month at three levels: each salesperson with a target, each
-- department and the company. A department's target is its own where the targets export sets
-- one for the month, else the sum of its salespeople's (salespeople without a department go to
-- '(none)'); the company's is the sum of the departments'. Actual revenue follows the same
-- rows (sales_vs_target: by the order's salesperson, or the department for department targets).
with

targets as (

    select * from {{ ref('sales_vs_target') }}

),

salespeople as (

    select * from {{ ref('stg_salespeople') }}

),

by_salesperson as (

    select
        targets.period_start,
        'salesperson' as dimension,
        targets.member,
        salespeople.department_id,
        targets.target_amount,
        targets.actual_revenue

    from targets
    left join salespeople on salespeople.salesperson_id = targets.member
    where targets.level = 'salesperson'

),

department_own as (

    select period_start, 'department' as dimension, member, member as department_id, target_amount, actual_revenue
    from targets
    where level = 'department'

),

department_rolled_up as (

    select
        by_salesperson.period_start,
        'department' as dimension,
        coalesce(by_salesperson.department_id, '(none)') as member,
        coalesce(by_salesperson.department_id, '(none)') as department_id,
        sum(by_salesperson.target_amount) as target_amount,
        sum(by_salesperson.actual_revenue) as actual_revenue

    from by_salesperson
    anti join department_own
        on department_own.period_start = by_salesperson.period_start
        and department_own.member = by_salesperson.department_id
    group by all

),

by_department as (

    select * from department_own
    union all by name
    select * from department_rolled_up

),

company as (

    select period_start, 'none' as dimension, 'all' as member, null as department_id,
        sum(target_amount) as target_amount, sum(actual_revenue) as actual_revenue
    from by_department
    group by all

),

final as (

    select * from by_salesperson
    union all by name
    select * from by_department
    union all by name
    select * from company

)

select * from final
