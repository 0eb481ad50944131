-- Month over month on the Overview: the month holding each period's end against the month
-- before, from period_comparison (its growth rate, its partial-period flag), and the margin's.
with

periods as (

    select * from {{ ref('periods') }}

),

comparisons as (

    select * from {{ ref('period_comparison') }}

),

metrics as (

    select periods.period, comparisons.breakdown as dimension, comparisons.member, comparisons.metric, comparisons.value,
        comparisons.prev_value, comparisons.growth_rate, comparisons.period_start, comparisons.is_partial
    from periods
    inner join comparisons
        on comparisons.grain = 'month'
        and comparisons.period_start = date_trunc('month', periods.period_end)
    where periods.period_type <> 'comparison'
        and comparisons.breakdown in ('none', 'department', 'salesperson', 'region', 'grade')
        and comparisons.metric <> 'order_count'

),

-- The margin's month over month: gross profit over revenue in each month.
margins as (

    select revenue.period, revenue.dimension, revenue.member, 'margin' as metric,
        profit.value / nullif(revenue.value, 0) as value,
        profit.prev_value / nullif(revenue.prev_value, 0) as prev_value,
        revenue.period_start, revenue.is_partial
    from metrics as revenue
    inner join metrics as profit
        on profit.metric = 'gross_profit' and revenue.period = profit.period
        and revenue.dimension = profit.dimension and revenue.member = profit.member
    where revenue.metric = 'revenue'

),

final as (

    select * from metrics
    union all
    select period, dimension, member, metric, value, prev_value, {{ growth_rate('value', 'prev_value') }} as growth_rate, period_start, is_partial
    from margins

)

select * from final
order by period, dimension, member, metric
