-- The action list (客户动态表) as the Customer strategy page shows it: every customer on the
-- current snapshot of customer_actions with its class, rating, levels and the figures behind its
-- reason, its value class, owner and T12M grade, and what changed since the month-end before
-- (class then, and whether it is newly flagged for review).
with

actions as (

    select * from {{ ref('customer_actions') }}

),

value_classes as (

    select * from {{ ref('customer_value_classes') }}

),

customers as (

    select * from {{ ref('int_customers') }}

),

grades as (

    select * from {{ ref('customer_grades') }} where period = 'T12M'

),


current_actions as (

    select * from actions where snapshot = 0

),

previous_actions as (

    select * from actions where snapshot = 1

),

final as (

    select
        current_actions.customer_id as id,
        customers.customer_name as name,
        current_actions.month_end,
        current_actions.kind,
        current_actions.action_class,
        current_actions.class_reason as reason_code,
        current_actions.class_rank,
        case current_actions.action_class when 'key' then 1 when 'develop' then 2 when 'custodial' then 3 when 'suspended' then 4 else 5 end as class_order,
        current_actions.rating,
        current_actions.is_review,
        current_actions.has_override,
        current_actions.override_reason,
        current_actions.sales_level,
        current_actions.collection_level,
        current_actions.growth_level,
        current_actions.forecast_level,
        current_actions.difficulty_level,
        current_actions.standing_level,
        current_actions.revenue,
        current_actions.revenue_growth_rate,
        current_actions.on_time_share,
        current_actions.prev_on_time_share,
        current_actions.avg_days_late,
        current_actions.late_invoices,
        current_actions.weighted_pipeline,
        current_actions.last_order_date,
        value_classes.value_class,
        value_classes.contribution,
        grades.final_grade as grade,
        previous_actions.action_class as previous_class,
        case
            when previous_actions.customer_id is null then 'new'
            when previous_actions.action_class = current_actions.action_class then 'same'
            else 'moved'
        end as class_move,
        current_actions.is_review and not coalesce(previous_actions.is_review, false) as is_newly_review,
        {{ published('owner_id', 'customers.owner_name') }} as owner,
        {{ published('owner_id', 'customers.salesperson_id') }} as salesperson_id,
        {{ published('owner_id', 'customers.department_id') }} as department_id

    from current_actions
    inner join customers on customers.customer_id = current_actions.customer_id
    left join previous_actions on previous_actions.customer_id = current_actions.customer_id
    left join value_classes on value_classes.customer_id = current_actions.customer_id
    left join grades on grades.customer_id = current_actions.customer_id

)

select * from final
order by class_order, class_rank
