-- Pareto curves thinned to about 150 points each: the first 20, the last, every n-th, and the
-- point where the curve crosses 80%.
with

pareto as (

    select * from {{ ref('pareto') }}

),

final as (

    select period, entity, measure, rank, entity_name, cumulative_entity_share, cumulative_value_share, abc_band
    from pareto
    where rank <= 20 or rank = entity_count or rank % greatest(1, entity_count // 150) = 0
        or (cumulative_value_share >= 0.8 and cumulative_share_before < 0.8)

)

select * from final
order by period, entity, measure, rank
