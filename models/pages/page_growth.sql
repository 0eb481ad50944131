-- The Growth page's comparisons: period_comparison, one file per grain and breakdown.
with

comparisons as (

    select * from {{ ref('period_comparison') }}

),

final as (

    select grain, breakdown, strftime(period_start, '%Y-%m-%d') as period_start, metric, member, member_name, member_rank, is_others, value, prev_value,
        growth, growth_rate, yoy_value, yoy_growth, yoy_growth_rate, is_partial, is_yoy_to_date
    from comparisons

)

select * from final
order by grain, breakdown, period_start, metric, member
