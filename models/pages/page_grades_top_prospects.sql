-- The 25 prospects with the best score (likelihood to close).
with

prospects as (

    select * from {{ ref('potential_customer_grades') }}

),

final as (

    select customer_id, customer_name, grade, score, open_opportunities, open_amount, weighted_amount, furthest_stage
    from prospects
    order by score desc, customer_id
    limit 25

)

select * from final
order by score desc, customer_id
