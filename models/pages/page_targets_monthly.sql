-- Target and actual revenue per month for the company and each department (the Targets page's
-- monthly chart), from int_targets_monthly; attainment is actual / target. Months after the
-- as-of date are left out.
with

monthly as (

    select * from {{ ref('int_targets_monthly') }}

),

departments as (

    select * from {{ ref('stg_departments') }}

),

dates as (

    select * from {{ ref('report_dates') }}

),

final as (

    select
        monthly.period_start as month,
        monthly.dimension,
        monthly.member,
        case when monthly.dimension = 'none' then 'all' else coalesce(departments.department_name, monthly.member) end as member_name,
        monthly.target_amount,
        monthly.actual_revenue,
        monthly.actual_revenue / nullif(monthly.target_amount, 0) as attainment

    from monthly
    cross join dates
    left join departments on monthly.dimension = 'department' and departments.department_id = monthly.member
    where monthly.dimension in ('none', 'department') and monthly.period_start <= dates.as_of_date

)

select * from final
order by month, dimension, member
