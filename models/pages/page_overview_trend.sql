-- The Overview's revenue trend: monthly revenue with the same month a year earlier.
with

comparisons as (

    select * from {{ ref('period_comparison') }}

),

final as (

    select period_start, metric, value, yoy_value, yoy_growth_rate, is_partial
    from comparisons
    where grain = 'month' and breakdown = 'none' and metric = 'revenue'

)

select * from final
order by period_start
