-- Coverage (服务政策) per owner: the customers it owns by T12M final grade, their revenue in the
-- last 12 months (revenue at stake), and its load under the policy: owners needed = A customers /
-- var('coverage_a_per_owner') + B / var('coverage_b_per_owner') + C / var('coverage_c_per_owner')
-- (D and ungraded customers not counted). An owner is over the policy when it needs more than one
-- owner's worth; its A customers are flagged when it carries more than
-- var('coverage_max_a_per_owner') of them.
with

grades as (

    select * from {{ ref('customer_grades') }} where period = 'T12M'

),

customers as (

    select * from {{ ref('int_customers') }}

),

salespeople as (

    select * from {{ ref('stg_salespeople') }}

),

owned as (

    select
        customers.salesperson_id,
        count(*) filter (where grades.final_grade = 'A') as a_customers,
        count(*) filter (where grades.final_grade = 'B') as b_customers,
        count(*) filter (where grades.final_grade = 'C') as c_customers,
        count(*) filter (where grades.final_grade = 'D') as d_customers,
        count(*) filter (where grades.customer_id is null) as ungraded_customers,
        coalesce(sum(grades.revenue), 0) as revenue_at_stake,
        coalesce(sum(grades.revenue) filter (where grades.final_grade = 'A'), 0) as a_revenue

    from customers
    left join grades on grades.customer_id = customers.customer_id
    where customers.salesperson_id is not null
    group by all

),

final as (

    select
        owned.salesperson_id,
        coalesce(salespeople.salesperson_name, owned.salesperson_id) as salesperson_name,
        salespeople.department_id,
        owned.a_customers,
        owned.b_customers,
        owned.c_customers,
        owned.d_customers,
        owned.ungraded_customers,
        owned.revenue_at_stake,
        owned.a_revenue,
        owned.a_customers / {{ var('coverage_a_per_owner') }}
            + owned.b_customers / {{ var('coverage_b_per_owner') }}
            + owned.c_customers / {{ var('coverage_c_per_owner') }} as owners_needed,
        owned.a_customers / {{ var('coverage_a_per_owner') }}
            + owned.b_customers / {{ var('coverage_b_per_owner') }}
            + owned.c_customers / {{ var('coverage_c_per_owner') }} > 1 as is_over_policy,
        owned.a_customers > {{ var('coverage_max_a_per_owner') }} as has_too_many_a

    from owned
    left join salespeople on salespeople.salesperson_id = owned.salesperson_id

)

select * from final
