-- Cumulative shares in customer_grades and pareto never decrease along the ranking.
with

grades as (

    select period, revenue_rank, cumulative_share,
        lag(cumulative_share) over (partition by period order by revenue_rank) as previous_share
    from {{ ref('customer_grades') }}

),

curves as (

    select period, entity, measure, rank, cumulative_value_share,
        lag(cumulative_value_share) over (partition by period, entity, measure order by rank) as previous_share
    from {{ ref('pareto') }}

)

select 'customer_grades' as model, period, cast(revenue_rank as varchar) as at_rank from grades
where cumulative_share < previous_share - 1e-9
union all
select 'pareto', period || ' ' || entity || ' ' || measure, cast(rank as varchar) from curves
where cumulative_value_share < previous_share - 1e-9
