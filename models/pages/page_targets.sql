-- Target attainment per period (the periods of `periods`, months up to the period's end) for the
-- company, each department and each salesperson (int_targets_monthly): target, actual revenue,
-- attainment (actual / target), the gap (actual - target, negative when short) and the rank by
-- attainment within the period and level.
with

monthly as (

    select * from {{ ref('int_targets_monthly') }}

),

periods as (

    select * from {{ ref('periods') }}

),

salespeople as (

    select * from {{ ref('stg_salespeople') }}

),

departments as (

    select * from {{ ref('stg_departments') }}

),

per_period as (

    select
        periods.period,
        monthly.dimension,
        monthly.member,
        any_value(monthly.department_id) as department_id,
        count(*) as months,
        sum(monthly.target_amount) as target_amount,
        sum(monthly.actual_revenue) as actual_revenue

    from monthly
    inner join periods on monthly.period_start between periods.period_start and periods.period_end
    group by all

),

final as (

    select
        per_period.period,
        per_period.dimension,
        per_period.member,
        case per_period.dimension
            when 'none' then 'all'
            when 'department' then coalesce(departments.department_name, per_period.member)
            else coalesce(salespeople.salesperson_name, per_period.member)
        end as member_name,
        per_period.department_id,
        per_period.months,
        per_period.target_amount,
        per_period.actual_revenue,
        per_period.actual_revenue / nullif(per_period.target_amount, 0) as attainment,
        per_period.actual_revenue - per_period.target_amount as gap,
        rank() over (
            partition by per_period.period, per_period.dimension
            order by per_period.actual_revenue / nullif(per_period.target_amount, 0) desc nulls last
        ) as attainment_rank

    from per_period
    left join departments on per_period.dimension = 'department' and departments.department_id = per_period.member
    left join salespeople on per_period.dimension = 'salesperson' and salespeople.salesperson_id = per_period.member

)

select * from final
order by period, dimension, attainment_rank, member
