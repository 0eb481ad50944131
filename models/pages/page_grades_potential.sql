-- Prospects (potential customers) per grade, with their weighted pipeline.
with

prospects as (

    select * from {{ ref('potential_customer_grades') }}

),

final as (

    select grade, count(*) as prospects, sum(weighted_amount) as weighted_amount
    from prospects
    group by 1

)

select * from final
order by 1
