-- Per period, entity and measure: how many there are, the top 20%'s share, and the count and
-- value of each ABC band.
with

pareto as (

    select * from {{ ref('pareto') }}

),

final as (

    select period, entity, measure, any_value(entity_count) as entity_count, any_value(top20_value_share) as top20_share,
        count(*) filter (where abc_band = 'A') as a_count, count(*) filter (where abc_band = 'B') as b_count, count(*) filter (where abc_band = 'C') as c_count,
        sum(value) filter (where abc_band = 'A') as a_value, sum(value) filter (where abc_band = 'B') as b_value, sum(value) filter (where abc_band = 'C') as c_value
    from pareto
    group by all

)

select * from final
order by period, entity, measure
