-- Per period, entity and measure: how many there are, the top 20%'s share, and the count and
-- value of each ABC band.
with

pareto as (

    select * from {{ ref('pareto') }}

),

bands as (

    select period, entity, measure, any_value(entity_count) as entity_count, any_value(top20_value_share) as top20_share,
        count(*) filter (where abc_band = 'A') as a_count, count(*) filter (where abc_band = 'B') as b_count, count(*) filter (where abc_band = 'C') as c_count,
        sum(value) filter (where abc_band = 'A') as a_value, sum(value) filter (where abc_band = 'B') as b_value, sum(value) filter (where abc_band = 'C') as c_value
    from pareto
    group by all

),

final as (

    select *,
        a_value / nullif(coalesce(a_value, 0) + coalesce(b_value, 0) + coalesce(c_value, 0), 0) as a_share,
        b_value / nullif(coalesce(a_value, 0) + coalesce(b_value, 0) + coalesce(c_value, 0), 0) as b_share,
        c_value / nullif(coalesce(a_value, 0) + coalesce(b_value, 0) + coalesce(c_value, 0), 0) as c_share
    from bands

)

select * from final
order by period, entity, measure
