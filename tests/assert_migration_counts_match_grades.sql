-- Migration rows account for every graded customer: those leaving a period's grades (incl. lost)
-- equal its graded customers, and those arriving (incl. new) equal the next period's.
with

migration as (

    select from_period, to_period,
        sum(customer_count) filter (where from_grade <> 'new') as leaving,
        sum(customer_count) filter (where to_grade <> 'lost') as arriving
    from {{ ref('grade_migration') }}
    group by all

),

counts as (

    select period, count(*) as customers from {{ ref('customer_grades') }} group by period

)

select migration.*, f.customers as from_customers, t.customers as to_customers
from migration
left join counts as f on f.period = migration.from_period
left join counts as t on t.period = migration.to_period
where migration.leaving is distinct from f.customers or migration.arriving is distinct from t.customers
