-- The Overview's 80/20 card: the top 20% of customers' share of revenue and the share of
-- customers that makes 80% of it, per period.
with

pareto as (

    select * from {{ ref('pareto') }}

),

final as (

    select period, any_value(top20_value_share) as top20_share, any_value(entity_count) as customers,
        min(cumulative_entity_share) filter (where cumulative_value_share >= 0.8) as share_for_80
    from pareto
    where entity = 'customer' and measure = 'revenue'
    group by period

)

select * from final
order by period
