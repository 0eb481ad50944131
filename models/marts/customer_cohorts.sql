-- New-customer cohorts: customers by the quarter of their first order (returns left out), and in
-- each quarter since, how many ordered again. retention = active / cohort size; quarter_offset 0
-- is the cohort's own quarter (everyone active). Quarters run to the as-of period end.
with

periods as (

    select * from {{ ref('periods') }} where period = 'T12M'

),

orders as (

    select * from {{ ref('sales_orders') }}

),

first_orders as (

    select * from {{ ref('int_customer_first_orders') }}

),

cohorts as (

    select customer_id, cast(date_trunc('quarter', first_order_date) as date) as cohort_quarter
    from first_orders, periods
    where first_order_date <= periods.period_end

),

active as (

    select distinct orders.customer_id, cast(date_trunc('quarter', orders.order_date) as date) as quarter
    from orders, periods
    where not orders.is_return and orders.order_date <= periods.period_end

),

sizes as (

    select cohort_quarter, count(*) as cohort_customers
    from cohorts
    group by all

),

final as (

    select
        cohorts.cohort_quarter,
        active.quarter,
        (year(active.quarter) - year(cohorts.cohort_quarter)) * 4 + quarter(active.quarter) - quarter(cohorts.cohort_quarter) as quarter_offset,
        any_value(sizes.cohort_customers) as cohort_customers,
        count(*) as active_customers,
        count(*) / any_value(sizes.cohort_customers) as retention

    from cohorts
    inner join active on active.customer_id = cohorts.customer_id and active.quarter >= cohorts.cohort_quarter
    inner join sizes on sizes.cohort_quarter = cohorts.cohort_quarter
    group by all

)

select * from final
order by cohort_quarter, quarter
