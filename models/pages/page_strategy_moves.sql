-- Class moves since the month-end before: customers per (class then, class now) on the action
-- list; 'new' when the customer was not on the list then.
with

actions as (

    select * from {{ ref('page_strategy_actions') }}

),

final as (

    select
        coalesce(previous_class, 'new') as from_class,
        action_class as to_class,
        count(*) as customers

    from actions
    group by all

)

select * from final
order by from_class, to_class
