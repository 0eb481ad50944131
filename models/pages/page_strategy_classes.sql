-- Per action class and kind on the current snapshot: customers, revenue, how many are flagged
-- for review and how many are newly flagged, how many came from another class since the
-- month-end before, and per value class the customers, revenue and contribution.
with

actions as (

    select * from {{ ref('page_strategy_actions') }}

),

by_action as (

    select
        'action' as classing,
        action_class as class,
        count(*) as customers,
        sum(revenue) as revenue,
        null::double as contribution,
        count(*) filter (where is_review) as review_customers,
        count(*) filter (where is_newly_review) as newly_review_customers,
        count(*) filter (where class_move = 'moved') as moved_in_customers,
        count(*) filter (where class_move = 'new') as new_customers

    from actions
    group by all

),

by_value as (

    select
        'value' as classing,
        value_class as class,
        count(*) as customers,
        sum(revenue) as revenue,
        -- Summed exactly: a sum of doubles follows the order DuckDB's threads meet the rows in, and
        -- two builds of the same data wrote totals that differed in the last digit.
        cast(sum(cast(contribution as decimal(38, 10))) as double) as contribution,
        null::bigint as review_customers,
        null::bigint as newly_review_customers,
        null::bigint as moved_in_customers,
        null::bigint as new_customers

    from actions
    where value_class is not null
    group by all

),

final as (

    select * from by_action
    union all by name
    select * from by_value

)

select * from final
order by classing, class
